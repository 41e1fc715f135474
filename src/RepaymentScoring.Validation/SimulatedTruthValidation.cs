using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Features;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Simulation;
using RepaymentScoring.Simulation.Engine;
using RepaymentScoring.Training;
using RepaymentScoring.Training.Evaluation;

namespace RepaymentScoring.Validation;

/// <summary>How the learned models compare with the simulator's truth on the out-of-time rows.</summary>
public sealed record TruthComparison(double ModelAuc, double TruthAuc, int PropensityRows, double UpliftSpearman, int UpliftDecisions,
    IReadOnlyDictionary<string, double> SpearmanByChannel);

/// <summary>
/// Simulates a portfolio with known truth, trains on it, and compares out of time: the propensity
/// model's AUC with the AUC of the true 30-day probabilities on the same snapshots, and predicted with
/// true uplift (Spearman) on the logged contact decisions.
/// </summary>
public static class SimulatedTruthValidation
{
    public static TruthComparison Run(SimulationSettings simulation, TrainingSettings training, string modelsFolder)
    {
        var portfolio = SimulatedPortfolio.Generate(simulation);
        var histories = portfolio.Histories;
        var registry = new ModelRegistry(modelsFolder, "validation");
        // Judged out of time: the models must not have seen the test rows, so no refit on all rows.
        var result = TrainingPipeline.Run(histories, ChannelCatalog.Default.ContactChannels,
            portfolio.FeatureKinds, "simulated", training with { RefitOnAllRows = false }, registry);
        var models = registry.Load(result.Version);
        var builder = new FeatureBuilder(models.Schema);
        var testFrom = result.Manifest.Split.TestFrom;
        var dataEnd = DecisionPoints.DataEnd(histories);
        var truthBySnapshot = portfolio.SnapshotTruths.ToDictionary(t => (t.AccountId, t.AsOf), t => t.RepaymentProbability30d);

        var features = new List<float>();
        var truths = new List<double>();
        var labels = new List<bool>();
        foreach (var h in histories)
        {
            var timeline = new AccountTimeline(h);
            foreach (var p in DecisionPoints.Propensity(timeline, dataEnd, training.Labels, new DropCounts()))
            {
                var s = h.Snapshots[p.SnapshotIndex];
                if (p.At < testFrom || !truthBySnapshot.TryGetValue((s.AccountId, s.AsOf), out var truth)) continue;
                var x = new float[builder.StateWidth];
                builder.WriteState(timeline, p.At, x);
                features.AddRange(x);
                truths.Add(truth);
                labels.Add(p.Label);
            }
        }
        var predicted = models.PredictPropensity(features.ToArray(), labels.Count);

        var byAccount = histories.ToDictionary(h => h.Account.AccountId);
        var uplift = new List<(string Channel, double Predicted, double Truth)>();
        foreach (var d in portfolio.Decisions.Where(d => !d.Action.IsWait && d.DecidedAt >= testFrom))
        {
            var timeline = new AccountTimeline(byAccount[d.AccountId]);
            var history = FeatureBuilder.SameChannelLast7Days(timeline, d.Action.Channel, d.DecidedAt);
            var action = ActionFeatures.Planned(d.Action, history);
            var row = new float[builder.ResponseWidth];
            builder.WriteResponse(timeline, d.DecidedAt, action, row);
            var p = models.PredictActions(row, [action, ActionFeatures.Wait]);
            uplift.Add((d.Action.Channel, p[0] - p[1], d.PaymentProbability7d - d.PaymentProbability7dIfWaiting));
        }
        return new TruthComparison(
            ClassificationMetrics.RocAuc(predicted, labels), ClassificationMetrics.RocAuc(truths, labels), labels.Count,
            Spearman(uplift.Select(u => u.Predicted).ToArray(), uplift.Select(u => u.Truth).ToArray()), uplift.Count,
            uplift.GroupBy(u => u.Channel).ToDictionary(g => g.Key, g => Spearman(g.Select(u => u.Predicted).ToArray(), g.Select(u => u.Truth).ToArray())));
    }

    public static double Spearman(double[] a, double[] b)
    {
        var ra = Ranks(a);
        var rb = Ranks(b);
        var ma = ra.Average();
        var mb = rb.Average();
        var cov = ra.Zip(rb).Sum(p => (p.First - ma) * (p.Second - mb));
        return cov / Math.Sqrt(ra.Sum(x => (x - ma) * (x - ma)) * rb.Sum(x => (x - mb) * (x - mb)));
    }

    private static double[] Ranks(double[] v)
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
}
