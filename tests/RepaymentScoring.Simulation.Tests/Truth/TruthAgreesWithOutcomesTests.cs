using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Contract.Time;

namespace RepaymentScoring.Simulation.Tests.Truth;

/// <summary>The simulator's stated probabilities are the ones its outcomes follow.</summary>
public sealed class TruthAgreesWithOutcomesTests
{
    private static readonly SimulationSettings Settings = new() { Accounts = 3_000, Days = 70, Seed = 11, TruthReplicas = 0 };

    [Fact]
    public void Observed_7_day_payment_rate_per_action_lies_within_3_standard_errors_of_the_mean_true_probability()
    {
        var sink = RecordingSink.Simulate(Settings);
        var payments = sink.Payments.ToLookup(p => p.AccountId);
        var dataEnd = DateTimeOffset.Parse("2026-01-05T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).AddDays(Settings.Days - 1);
        var groups = sink.Decisions
            .Where(d => d.AmountDue > 0 && d.DecidedAt.AddDays(7) <= dataEnd)
            .GroupBy(d => d.Action.IsWait ? "none" : $"{d.Action.Channel}/{d.Action.ContactsPerWeek}")
            .Where(g => g.Count() >= 40)
            .ToList();
        Assert.True(groups.Count >= 8, $"only {groups.Count} actions with enough decisions");
        foreach (var g in groups)
        {
            // The label of DATA-CONTRACT.md: payments in (t, t + 7 days] reaching 25% of the snapshot's amount due.
            var observed = g.Average(d => payments[d.AccountId]
                .Where(p => p.PaidAt > d.DecidedAt && p.PaidAt <= d.DecidedAt.AddDays(7)).Sum(p => p.Amount) >= 0.25m * d.AmountDue ? 1.0 : 0.0);
            var truth = g.Average(d => d.PaymentProbability7d);
            var se = Math.Sqrt(truth * (1 - truth) / g.Count());
            Assert.True(Math.Abs(observed - truth) <= 3 * se,
                $"{g.Key}: observed {observed:0.000} vs true {truth:0.000} over {g.Count()} decisions (3 SE = {3 * se:0.000})");
        }
    }

    [Fact]
    public void Observed_30_day_repayment_rate_matches_the_true_probability_overall_and_by_half()
    {
        var settings = Settings with { Accounts = 1_500, Days = 60, TruthReplicas = 8 };
        var sink = RecordingSink.Simulate(settings);
        var zones = sink.Accounts.ToDictionary(a => a.AccountId, a => TimeZoneInfo.FindSystemTimeZoneById(a.TimeZone));
        var snapshots = sink.Snapshots.ToDictionary(s => (s.AccountId, s.AsOf));
        var payments = sink.Payments.ToLookup(p => p.AccountId);
        var rows = sink.SnapshotTruths.Select(t =>
        {
            var start = LocalDays.StartOf(t.AsOf, zones[t.AccountId]);
            var paid = payments[t.AccountId].Where(p => p.PaidAt >= start && p.PaidAt < start.AddDays(30)).Sum(p => p.Amount);
            return (t.RepaymentProbability30d, Label: paid >= 0.25m * snapshots[(t.AccountId, t.AsOf)].AmountDue ? 1.0 : 0.0);
        }).OrderBy(r => r.RepaymentProbability30d).ToList();
        Assert.True(rows.Count > 1_000);
        // Snapshots of one account overlap in time, so the binomial error understates the spread: allow 4 SE.
        foreach (var part in new[] { rows, rows[..(rows.Count / 2)], rows[(rows.Count / 2)..] })
        {
            var truth = part.Average(r => r.RepaymentProbability30d);
            var observed = part.Average(r => r.Label);
            var se = Math.Sqrt(truth * (1 - truth) / part.Count);
            Assert.True(Math.Abs(observed - truth) <= 4 * se, $"observed {observed:0.000} vs true {truth:0.000} over {part.Count} snapshots");
        }
        Assert.True(rows[(rows.Count / 2)..].Average(r => r.Label) > rows[..(rows.Count / 2)].Average(r => r.Label) + 0.1,
            "the true probability should separate payers from non-payers");
    }
}
