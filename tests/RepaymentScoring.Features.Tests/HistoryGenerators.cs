using FsCheck;
using FsCheck.Fluent;
using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Features.Tests;

/// <summary>Random single-account histories over 120 days from 2026-01-01, in a zone with daylight saving.</summary>
internal static class HistoryGenerators
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly (string Channel, string[] Outcomes)[] Channels =
    [
        ("sms", ["delivered", "opened", "replied", "complaint", "opt_out"]), ("email", ["delivered", "failed", "opened"]),
        ("phone", ["no_answer", "right_party_contact", "promise_to_pay", "refused", "complaint"]), ("letter", ["sent", "returned"]),
        ("visit", ["promise_to_pay", "no_answer"]), ("none", ["none"]),
    ];

    public static Account Account(string zone = "America/New_York") => new("A1", "credit_card", new DateOnly(2024, 5, 1), 5000m, null, 37, "north", zone,
        [], new HourRange(9, 20), new Dictionary<string, string> { ["score"] = "612", ["segment"] = "gold" });

    public static Gen<AccountSnapshot> Snapshot(int maxDay) =>
        from day in Gen.Choose(0, maxDay)
        from dpd in Gen.Choose(0, 150)
        from due in Gen.Choose(0, 2000)
        from hardship in Gen.Elements(true, false)
        from promise in Gen.Choose(-1, 10)
        select new AccountSnapshot("A1", DateOnly.FromDateTime(Start.AddDays(day).UtcDateTime), dpd, due, due + 1000, hardship,
            promise < 0 ? null : DateOnly.FromDateTime(Start.AddDays(day + promise).UtcDateTime), LegalStatuses.None, false);

    public static Gen<Contact> Contact(int maxMinute) =>
        from minute in Gen.Choose(0, maxMinute)
        from c in Gen.Elements(Channels)
        from outcome in Gen.Elements(c.Outcomes)
        from p in Gen.Choose(1, 100)
        select new Contact($"C{minute}-{c.Channel}-{outcome}", "A1", Start.AddMinutes(minute), c.Channel, outcome, 1m, p / 100.0, "champion");

    public static Gen<Payment> Payment(int maxMinute) =>
        from minute in Gen.Choose(0, maxMinute)
        from amount in Gen.Choose(1, 900)
        select new Payment($"P{minute}-{amount}", "A1", Start.AddMinutes(minute), amount);

    public static Gen<List<T>> UpTo<T>(Gen<T> item, int max) =>
        from n in Gen.Choose(0, max)
        from items in item.ListOf(n)
        select items.ToList();

    public static AccountHistory History(Account account, IEnumerable<AccountSnapshot> snapshots, IEnumerable<Contact> contacts, IEnumerable<Payment> payments) =>
        new(account,
            snapshots.GroupBy(s => s.AsOf).Select(g => g.First()).OrderBy(s => s.AsOf).ToList(),
            contacts.DistinctBy(c => c.ContactId).OrderBy(c => c.ContactedAt).ThenBy(c => c.ContactId, StringComparer.Ordinal).ToList(),
            payments.DistinctBy(p => p.PaymentId).OrderBy(p => p.PaidAt).ThenBy(p => p.PaymentId, StringComparer.Ordinal).ToList());
}
