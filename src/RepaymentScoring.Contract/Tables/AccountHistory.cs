namespace RepaymentScoring.Contract.Tables;

/// <summary>One account and its rows, each list in time order.</summary>
public sealed record AccountHistory(
    Account Account,
    IReadOnlyList<AccountSnapshot> Snapshots,
    IReadOnlyList<Contact> Contacts,
    IReadOnlyList<Payment> Payments);
