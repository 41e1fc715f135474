using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Planning.Tests;

/// <summary>Which accounts batch scoring plans: overdue on their latest snapshot, unless paid since.</summary>
public sealed class InCollectionTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 20, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A weekly snapshot 13 days before the moment, 95 days past due with 800 due, and the given payments since.</summary>
    private static AccountHistory Account(params decimal[] paidSince)
    {
        var account = new Account("A1", "personal_loan", new DateOnly(2023, 3, 1), null, 9000m, 41, "east", "Asia/Shanghai", [], null,
            new Dictionary<string, string>());
        var snapshot = new AccountSnapshot("A1", new DateOnly(2026, 3, 7), 95, 800m, 2400m, false, null, LegalStatuses.None, false);
        var payments = paidSince.Select((amount, k) => new Payment($"P{k}", "A1", At.AddDays(-10 + k), amount)).ToList();
        return new AccountHistory(account, [snapshot], [], payments);
    }

    [Fact]
    public void Payments_since_the_latest_snapshot_that_cover_its_amount_due_take_the_account_out_of_collection()
    {
        Assert.True(BatchScoring.InCollection(Account(), At));
        Assert.True(BatchScoring.InCollection(Account(300m, 400m), At)); // 700 of 800: still overdue
        Assert.False(BatchScoring.InCollection(Account(300m, 500m), At));
        Assert.False(BatchScoring.InCollection(Account(2400m), At)); // repaid: no snapshot follows
    }
}
