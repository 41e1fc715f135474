namespace RepaymentScoring.Store.Import;

/// <summary>What an import did, per table: rows added, replaced, and skipped as already stored.</summary>
public sealed record ImportResult(IReadOnlyDictionary<string, TableImport> Tables)
{
    public long Added => Tables.Values.Sum(t => t.Added);
    public long Replaced => Tables.Values.Sum(t => t.Replaced);
    public long Unchanged => Tables.Values.Sum(t => t.Unchanged);
}

public sealed record TableImport(long Added, long Replaced, long Unchanged);
