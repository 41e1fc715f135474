using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Features.Tests;

public sealed class DecisionPointsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Labels_follow_the_contract_and_unlabeled_points_are_counted_not_returned()
    {
        var h = HistoryGenerators.History(HistoryGenerators.Account("UTC"),
            [new AccountSnapshot("A1", new DateOnly(2026, 1, 5), 20, 400m, 1000m, false, null, LegalStatuses.None, false),
             new AccountSnapshot("A1", new DateOnly(2026, 2, 20), 0, 0m, 600m, false, null, LegalStatuses.None, false)],
            [new Contact("C0", "A1", T0.AddDays(-1), "sms", "delivered", null, null, null),          // before any snapshot
             new Contact("C1", "A1", T0, "phone", "promise_to_pay", null, 0.5, "explore"),              // paid 100 = 25% within 7 days
             new Contact("C2", "A1", T0.AddDays(10), "sms", "delivered", null, null, null),             // nothing paid within 7 days
             new Contact("C3", "A1", T0.AddDays(47), "sms", "delivered", null, null, null),             // latest snapshot has no amount due
             new Contact("C4", "A1", T0.AddDays(45), "email", "opened", null, null, null)],             // window runs past the end
            [new Payment("P1", "A1", T0.AddDays(7), 100m), new Payment("P2", "A1", T0.AddDays(50), 1m)]);
        var t = new AccountTimeline(h);
        var drops = new DropCounts();
        var end = DecisionPoints.DataEnd([h]);
        Assert.Equal(T0.AddDays(50), end);
        var points = DecisionPoints.Response(t, end, new LabelSettings(), drops, ["email", "letter", "phone", "sms", "visit"]).ToList();
        Assert.Equal([true, false], points.Select(p => p.Label));
        Assert.Equal(100m, points[0].Recovered);
        Assert.Equal((1L, 1L, 1L), (drops.NoEarlierSnapshot, drops.NoAmountDue, drops.Censored));
        var propensity = DecisionPoints.Propensity(t, end, new LabelSettings(), drops).ToList();
        Assert.True(Assert.Single(propensity).Label); // 100 of 400 due within 30 days
    }
}
