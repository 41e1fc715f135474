using System.Globalization;
using System.Text;
using RepaymentScoring.Features;
using RepaymentScoring.Models;
using RepaymentScoring.Training.Data;

namespace RepaymentScoring.Training.Evaluation;

/// <summary>Scores chosen rows of both matrices with a version's models and measures them (evaluation.json and curves).</summary>
public sealed class ModelEvaluator(TrainedModels models, TrainingSettings settings)
{
    private static readonly int[] Hours = Enumerable.Range(8, 13).ToArray();

    public (EvaluationReport Report, Dictionary<string, string> Curves) Evaluate(
        FeatureMatrix propensity, IReadOnlyList<int> propensityRows, FeatureMatrix response, IReadOnlyList<int> responseRows, IReadOnlyList<int> trainingResponseRows)
    {
        var curves = new Dictionary<string, string>(StringComparer.Ordinal);
        var (pValues, _, _) = propensity.Take(propensityRows);
        var pPredicted = models.PredictPropensity(pValues, propensityRows.Count);
        var pLabels = propensityRows.Select(i => propensity.Info[i].Label).ToArray();
        var propensityMetrics = ClassificationMetrics.Compute(pPredicted, pLabels);
        curves["calibration_propensity.csv"] = CalibrationCsv(propensityMetrics.Calibration);
        curves["roc_propensity.csv"] = RocCsv(pPredicted, pLabels);
        // A version without a response model (a history without contacts) is judged on its propensity alone.
        if (!models.HasResponse)
            return (new EvaluationReport(propensityMetrics, null, null, new Dictionary<string, long> { ["propensity_evaluated"] = propensityRows.Count }), curves);

        var (rValues, _, _) = response.Take(responseRows);
        var rPredicted = models.PredictResponse(rValues, responseRows.Count);
        var rLabels = responseRows.Select(i => response.Info[i].Label).ToArray();
        var responseMetrics = ClassificationMetrics.Compute(rPredicted, rLabels);
        curves["calibration_response.csv"] = CalibrationCsv(responseMetrics.Calibration);
        curves["roc_response.csv"] = RocCsv(rPredicted, rLabels);

        var perChannel = new Dictionary<string, ChannelUplift>(StringComparer.Ordinal);
        var typicalHour = TypicalHours(response, trainingResponseRows);
        foreach (var channel in models.Schema.Channels)
        {
            var rows = responseRows.Where(i => response.Info[i].Channel == channel || response.Info[i].Channel == "none").ToList();
            var treated = rows.Select(i => response.Info[i].Channel == channel).ToArray();
            if (!treated.Any(t => t) || treated.All(t => t)) continue;
            var uplift = rows.Select((i, k) => Uplift(response.Row(i), channel, typicalHour.GetValueOrDefault(channel, 12), treated[k])).ToArray();
            var m = UpliftMetrics.Compute(uplift, treated, rows.Select(i => response.Info[i].Label).ToArray());
            perChannel[channel] = new ChannelUplift(m.Qini, m.Auuc, m.Treated, m.Control);
        }

        var policy = EvaluatePolicy(response, responseRows, trainingResponseRows);
        var report = new EvaluationReport(propensityMetrics,
            new ResponseEvaluation(responseMetrics.Auc, responseMetrics.PrAuc, responseMetrics.Brier, responseMetrics.LogLoss,
                responseMetrics.Calibration, responseMetrics.Rows, responseMetrics.PositiveRate, perChannel),
            policy,
            new Dictionary<string, long> { ["propensity_evaluated"] = propensityRows.Count, ["response_evaluated"] = responseRows.Count });
        return (report, curves);
    }

    /// <summary>Predicted uplift of <paramref name="channel"/> over waiting on this row's state.</summary>
    private double Uplift(ReadOnlySpan<float> row, string channel, int hour, bool treated)
    {
        var width = models.Schema.StateNames.Count;
        var history = row[models.Schema.IndexOf($"{channel}_7d")];
        // A treated row keeps its logged action; a control row gets the channel at its usual hour.
        var action = treated ? LoggedAction(row, width) : new ActionFeatures(channel, (int)history + 1, hour);
        var p = models.PredictActions(row, [action, ActionFeatures.Wait]);
        return p[0] - p[1];
    }

    private ActionFeatures LoggedAction(ReadOnlySpan<float> row, int stateWidth)
    {
        var channels = models.Schema.Channels;
        for (var k = 0; k < channels.Count; k++)
            if (row[stateWidth + 1 + k] == 1)
                return new ActionFeatures(channels[k], (int)row[stateWidth + 1 + channels.Count], (int)row[stateWidth + 2 + channels.Count]);
        return ActionFeatures.Wait;
    }

    /// <summary>Each channel's most common logged local hour, read from the rows' action_hour column (the timestamps' offsets are not local: a store returns UTC).</summary>
    private Dictionary<string, int> TypicalHours(FeatureMatrix response, IReadOnlyList<int> rows)
    {
        var hour = models.Schema.IndexOf("action_hour");
        return rows.Where(i => response.Info[i].Channel != "none")
            .GroupBy(i => response.Info[i].Channel)
            .ToDictionary(g => g.Key, g => g.GroupBy(i => (int)response.Row(i)[hour]).OrderByDescending(h => h.Count()).First().Key);
    }

    /// <summary>
    /// The greedy policy picks, for each logged decision, the (channel, hour) of highest predicted net
    /// value among the channels and hours seen in the logs, or waiting. Value = P(pay) x expected
    /// recovery - cost; reward = recovered - cost of the logged action.
    /// </summary>
    private PolicyEstimate EvaluatePolicy(FeatureMatrix response, IReadOnlyList<int> rows, IReadOnlyList<int> trainingRows)
    {
        var payers = trainingRows.Select(i => response.Info[i]).Where(i => i.Label && i.AmountDue > 0).ToList();
        var recoveryShare = payers.Count == 0 ? 0.5 : payers.Average(i => (double)(i.Recovered / i.AmountDue));
        var seen = trainingRows.Select(i => response.Info[i].Channel).Where(c => c != "none").ToHashSet();
        var candidates = models.Schema.Channels.Where(seen.Contains).ToList();
        var sample = rows.Where(i => response.Info[i].TreatmentProbability is > 0).ToList();
        if (sample.Count > settings.PolicyEvaluationRows)
        {
            var random = new Random((int)(settings.Seed % int.MaxValue));
            sample = sample.OrderBy(_ => random.Next()).Take(settings.PolicyEvaluationRows).Order().ToList();
        }
        var decisions = new List<PolicyEstimate.Decision>(sample.Count);
        var greedyCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var stateWidth = models.Schema.StateNames.Count;
        foreach (var i in sample)
        {
            var info = response.Info[i];
            var row = response.Row(i);
            var actions = new List<ActionFeatures> { ActionFeatures.Wait };
            foreach (var c in candidates)
            {
                var history = (int)row[models.Schema.IndexOf($"{c}_7d")];
                actions.AddRange(Hours.Select(h => new ActionFeatures(c, history + 1, h)));
            }
            var logged = LoggedAction(row, stateWidth);
            actions.Add(logged);
            var p = models.PredictActions(row, actions);
            var expected = recoveryShare * (double)info.AmountDue;
            double Value(int k) => p[k] * expected - (double)Cost(actions[k].Channel);
            var best = 0;
            for (var k = 1; k < actions.Count - 1; k++)
                if (Value(k) > Value(best)) best = k;
            var greedy = actions[best];
            greedyCounts[greedy.Channel] = greedyCounts.GetValueOrDefault(greedy.Channel) + 1;
            var matches = greedy.Channel == logged.Channel && (greedy.Channel == "none" || greedy.LocalHour == logged.LocalHour);
            decisions.Add(new PolicyEstimate.Decision((double)(info.Recovered - Cost(info.Channel)), info.TreatmentProbability!.Value, matches,
                Value(best), Value(actions.Count - 1)));
        }
        var share = greedyCounts.ToDictionary(k => k.Key, k => sample.Count == 0 ? 0 : k.Value / (double)sample.Count, StringComparer.Ordinal);
        return PolicyEstimate.Compute(decisions, settings.BootstrapSamples, settings.Seed, share);
    }

    private decimal Cost(string channel) => settings.ChannelCosts.TryGetValue(channel, out var c) ? c : 0m;

    private static string CalibrationCsv(IReadOnlyList<CalibrationBin> bins)
    {
        var sb = new StringBuilder("bin,predicted,observed,count\n");
        foreach (var b in bins) sb.Append(CultureInfo.InvariantCulture, $"{b.Bin},{b.Predicted:0.######},{b.Observed:0.######},{b.Count}\n");
        return sb.ToString();
    }

    /// <summary>At most 200 points of the ROC curve (false and true positive rates by falling threshold).</summary>
    private static string RocCsv(IReadOnlyList<float> predicted, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, predicted.Count).OrderByDescending(i => predicted[i]).ToArray();
        double positives = labels.Count(l => l), negatives = labels.Count - positives;
        var sb = new StringBuilder("threshold,false_positive_rate,true_positive_rate\n");
        double tp = 0, fp = 0;
        var step = Math.Max(1, order.Length / 200);
        for (var k = 0; k < order.Length; k++)
        {
            if (labels[order[k]]) tp++; else fp++;
            if (k % step == 0 || k == order.Length - 1)
                sb.Append(CultureInfo.InvariantCulture, $"{predicted[order[k]]:0.######},{(negatives == 0 ? 0 : fp / negatives):0.######},{(positives == 0 ? 0 : tp / positives):0.######}\n");
        }
        return sb.ToString();
    }
}
