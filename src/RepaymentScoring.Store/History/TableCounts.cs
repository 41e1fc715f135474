namespace RepaymentScoring.Store.History;

/// <summary>Rows per store table.</summary>
public sealed record TableCounts(long Accounts, long AccountFeatures, long Snapshots, long Contacts, long Payments)
{
    public long Total => Accounts + Snapshots + Contacts + Payments;
}
