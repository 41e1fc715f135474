using RepaymentScoring.Contract.Time;

namespace RepaymentScoring.Contract.Tables;

/// <summary>One account and its rows, each list in time order.</summary>
public sealed record AccountHistory(
    Account Account,
    IReadOnlyList<AccountSnapshot> Snapshots,
    IReadOnlyList<Contact> Contacts,
    IReadOnlyList<Payment> Payments)
{
    /// <summary>
    /// The history as it was known at <paramref name="until"/>: snapshots whose local day began before it,
    /// contacts and payments before it; null when the account was opened on or after its day.
    /// </summary>
    public AccountHistory? Until(DateTimeOffset until)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(Account.TimeZone);
        if (LocalDays.StartOf(Account.OpenedOn, zone) >= until) return null;
        return new AccountHistory(Account,
            Snapshots.Where(s => LocalDays.StartOf(s.AsOf, zone) < until).ToList(),
            Contacts.Where(c => c.ContactedAt < until).ToList(),
            Payments.Where(p => p.PaidAt < until).ToList());
    }
}
