using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Store.History;

/// <summary>One account and its rows, each list in time order.</summary>
public sealed record AccountHistory(
    Account Account,
    IReadOnlyList<AccountSnapshot> Snapshots,
    IReadOnlyList<Contact> Contacts,
    IReadOnlyList<Payment> Payments);

/// <summary>Rows per store table.</summary>
public sealed record TableCounts(long Accounts, long AccountFeatures, long Snapshots, long Contacts, long Payments)
{
    public long Total => Accounts + Snapshots + Contacts + Payments;
}
