using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Contract.Csv;

/// <summary>A row and the line of the file it came from, so later checks can name it.</summary>
public readonly record struct SourceRow<T>(T Row, long Line);

/// <summary>A validated set of contract files, held in memory for an all-or-nothing import.</summary>
public sealed class ContractDataSet
{
    public List<SourceRow<Account>> Accounts { get; } = [];
    public List<SourceRow<AccountSnapshot>> Snapshots { get; } = [];
    public List<SourceRow<Contact>> Contacts { get; } = [];
    public List<SourceRow<Payment>> Payments { get; } = [];

    /// <summary>The extra account columns, in file order, as they appear in the header.</summary>
    public List<string> FeatureColumns { get; } = [];

    /// <summary>Which of the four files were present.</summary>
    public HashSet<string> FilesRead { get; } = new(StringComparer.Ordinal);

    public long RowCount => Accounts.Count + Snapshots.Count + Contacts.Count + Payments.Count;
}
