using RepaymentScoring.Contract.Time;
using RepaymentScoring.Features;
using RepaymentScoring.Simulation;
using RepaymentScoring.Training.Data;
using RepaymentScoring.Training.Evaluation;
using RepaymentScoring.Training.Registry;

namespace RepaymentScoring.Training.Tests;

/// <summary>
/// Trains on a simulated portfolio with known truth and judges the models by it, out of time
/// (CI-sized: 8,000 accounts; scripts/validate-training.sh runs the full 20,000 x 120 size).
/// </summary>
public sealed class LearnedModelsMatchTheTruthTests : IDisposable
{
    private readonly string _models = Directory.CreateTempSubdirectory("repay-models-").FullName;
    private static readonly SimulationSettings Portfolio = new() { Accounts = 8_000, Days = 120, Seed = 18, TruthReplicas = 4 };

    [Fact]
    public void Propensity_auc_is_within_003_of_the_truths_auc_and_uplift_ranks_like_the_true_uplift()
    {
        var portfolio = SimulatedPortfolio.Generate(Portfolio);
        var registry = new ModelRegistry(_models, "default");
        var settings = new TrainingSettings { Seed = 3 };
        var result = TrainingPipeline.Run(portfolio.Histories, SimulatedPortfolio.Channels, portfolio.FeatureKinds, "simulated", settings, registry);
        using var models = registry.Load(result.Version);
        var schema = models.Schema;
        var builder = new FeatureBuilder(schema);
        var histories = portfolio.Histories.ToDictionary(h => h.Account.AccountId);

        // Propensity: out-of-time snapshots that the truth covers, model AUC against the truth's AUC on the same rows.
        var testFrom = result.Manifest.Split.TestFrom;
        var pRows = new List<(float[] X, double Truth, bool Label)>();
        var dataEnd = DecisionPoints.DataEnd(portfolio.Histories);
        var truthBySnapshot = portfolio.SnapshotTruths.ToDictionary(t => (t.AccountId, t.AsOf), t => t.RepaymentProbability30d);
        foreach (var h in portfolio.Histories)
        {
            var timeline = new AccountTimeline(h);
            foreach (var p in DecisionPoints.Propensity(timeline, dataEnd, settings.Labels, new DropCounts()))
            {
                var s = h.Snapshots[p.SnapshotIndex];
                if (p.At < testFrom || !truthBySnapshot.TryGetValue((s.AccountId, s.AsOf), out var truth)) continue;
                var x = new float[schema.StateNames.Count];
                builder.WriteState(timeline, p.At, x);
                pRows.Add((x, truth, p.Label));
            }
        }
        Assert.True(pRows.Count > 2_000, $"{pRows.Count} out-of-time snapshots");
        var predicted = models.PredictPropensity(pRows.SelectMany(r => r.X).ToArray(), pRows.Count);
        var labels = pRows.Select(r => r.Label).ToArray();
        var modelAuc = ClassificationMetrics.RocAuc(predicted, labels);
        var truthAuc = ClassificationMetrics.RocAuc(pRows.Select(r => r.Truth).ToArray(), labels);
        Assert.True(Math.Abs(modelAuc - truthAuc) <= 0.03, $"model AUC {modelAuc:0.000}, truth AUC {truthAuc:0.000}");

        // Uplift: on out-of-time logged contact decisions, predicted against true uplift.
        var pairs = new List<(double Predicted, double Truth)>();
        foreach (var d in portfolio.Decisions.Where(d => !d.Action.IsWait && d.DecidedAt >= testFrom))
        {
            var timeline = new AccountTimeline(histories[d.AccountId]);
            var row = new float[schema.ResponseNames.Count];
            var history = FeatureBuilder.SameChannelLast7Days(timeline, d.Action.Channel, d.DecidedAt);
            builder.WriteResponse(timeline, d.DecidedAt, ActionFeatures.Planned(d.Action, history), row);
            var p = models.PredictActions(row, [ActionFeatures.Planned(d.Action, history), ActionFeatures.Wait]);
            pairs.Add((p[0] - p[1], d.PaymentProbability7d - d.PaymentProbability7dIfWaiting));
        }
        Assert.True(pairs.Count > 1_000, $"{pairs.Count} out-of-time decisions");
        var spearman = Spearman(pairs.Select(p => p.Predicted).ToArray(), pairs.Select(p => p.Truth).ToArray());
        Assert.True(spearman >= 0.6, $"Spearman(predicted uplift, true uplift) = {spearman:0.000}");
    }

    internal static double Spearman(double[] a, double[] b)
    {
        static double[] Ranks(double[] v)
        {
            var order = Enumerable.Range(0, v.Length).OrderBy(i => v[i]).ToArray();
            var r = new double[v.Length];
            for (var i = 0; i < order.Length;)
            {
                var j = i;
                while (j + 1 < order.Length && v[order[j + 1]] == v[order[i]]) j++;
                for (var k = i; k <= j; k++) r[order[k]] = (i + j) / 2.0;
                i = j + 1;
            }
            return r;
        }
        var ra = Ranks(a);
        var rb = Ranks(b);
        var ma = ra.Average();
        var mb = rb.Average();
        var cov = ra.Zip(rb).Sum(p => (p.First - ma) * (p.Second - mb));
        return cov / Math.Sqrt(ra.Sum(x => (x - ma) * (x - ma)) * rb.Sum(x => (x - mb) * (x - mb)));
    }

    public void Dispose() => Directory.Delete(_models, recursive: true);
}
