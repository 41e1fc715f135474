using RepaymentScoring.Simulation.Customers;
using RepaymentScoring.Simulation.Engine;

namespace RepaymentScoring.Simulation.Tests.Customers;

/// <summary>
/// A redrawn customer (the validation's informed policy) keeps every trait but the peak hour and the
/// channel affinities, and draws those two from the population the generator draws them from.
/// </summary>
public sealed class RedrawnCustomerTests
{
    private static readonly IReadOnlyList<CustomerProfile> Customers =
        new PortfolioSimulator(new SimulationSettings { Accounts = 400, Days = 1, Seed = 5, TruthReplicas = 0 }).Accounts.Select(a => a.Customer).ToList();

    [Fact]
    public void Redrawn_customer_keeps_every_other_trait()
    {
        var r = SimRandom.For(1, 2);
        foreach (var c in Customers)
        {
            var d = c.Redraw(r);
            Assert.Same(c.Account, d.Account);
            Assert.Equal((c.Age, c.Employment, c.Ability, c.Willingness, c.Digital, c.Installment, c.ControlGroup, c.SnapshotOffset, c.Zone.Id),
                (d.Age, d.Employment, d.Ability, d.Willingness, d.Digital, d.Installment, d.ControlGroup, d.SnapshotOffset, d.Zone.Id));
            Assert.Equal(c.TypicalAffinity, d.TypicalAffinity);
            Assert.Equal(c.Affinity.Keys.Order(), d.Affinity.Keys.Order());
        }
    }

    [Fact]
    public void Each_redraw_takes_a_new_peak_hour_and_affinities_from_the_generators_population()
    {
        var r = SimRandom.For(3, 4);
        var expected = new Dictionary<string, (double Mean, double Sd)>
        {
            ["retired"] = (10, 1.5), ["student"] = (20, 0.8), ["self_employed"] = (13, 2), ["unemployed"] = (11, 2), ["employed"] = (19, 0.8),
        };
        // Each customer redrawn 400 times: its own draws centre on its employment's peak hour with that
        // spread, and each affinity's log ratio to the typical affinity has the generator's spread (0.3),
        // as the generated customers' own have.
        const int Draws = 400;
        var logRatios = new List<double>();
        foreach (var c in Customers.Take(40))
        {
            var draws = Enumerable.Range(0, Draws).Select(_ => c.Redraw(r)).ToList();
            var (mean, sd) = expected[c.Employment];
            var peaks = draws.Select(d => d.PeakHour).ToList();
            Assert.InRange(peaks.Average(), mean - 4 * sd / Math.Sqrt(Draws), mean + 4 * sd / Math.Sqrt(Draws));
            Assert.InRange(StandardDeviation(peaks), 0.8 * sd, 1.2 * sd);
            logRatios.AddRange(draws.SelectMany(d => d.Affinity.Select(a => Math.Log(a.Value / d.TypicalAffinity[a.Key]))));
        }
        Assert.InRange(logRatios.Average(), -0.01, 0.01);
        Assert.InRange(StandardDeviation(logRatios), 0.29, 0.31);
        var generated = Customers.SelectMany(c => c.Affinity.Select(a => Math.Log(a.Value / c.TypicalAffinity[a.Key]))).ToList();
        Assert.InRange(StandardDeviation(generated), 0.27, 0.33);
    }

    private static double StandardDeviation(IReadOnlyCollection<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }
}
