using System.Globalization;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Models;
using RepaymentScoring.Training.Data;
using ScottPlot;

namespace RepaymentScoring.Training.Evaluation;

/// <summary>What the evaluation charts are drawn from: predictions and labels of both models on the rows evaluated, and permutation importances.</summary>
public sealed record EvaluationSample(float[] Propensity, bool[] PropensityLabels, string[] PropensityStages,
    float[]? Response, bool[]? ResponseLabels, string ImportanceModel, IReadOnlyList<(string Feature, double AucDrop)> Importance)
{
    /// <summary>
    /// Scores the rows and measures each feature's permutation importance: the drop in AUC of the response
    /// model (the propensity model for a version without one) when that feature's column is shuffled
    /// (seeded), the served trees predicting, so the chart shows what the service uses.
    /// </summary>
    public static EvaluationSample Of(TrainedModels models, FeatureMatrix propensity, IReadOnlyList<int> propensityRows,
        FeatureMatrix response, IReadOnlyList<int> responseRows, ulong seed)
    {
        var (pValues, _, _) = propensity.Take(propensityRows);
        var pPredicted = models.PredictPropensity(pValues, propensityRows.Count);
        var pLabels = propensityRows.Select(i => propensity.Info[i].Label).ToArray();
        var dpd = models.Schema.StateNames.ToList().IndexOf("days_past_due");
        var width = models.Schema.StateNames.Count;
        var stages = Enumerable.Range(0, propensityRows.Count).Select(r => CollectionStage.Of((int)pValues[r * width + dpd])).ToArray();
        if (!models.HasResponse || responseRows.Count == 0)
            return new(pPredicted, pLabels, stages, null, null, "propensity",
                PermutationImportance(models.Schema.StateNames, pValues, pLabels, (x, n) => models.PredictPropensity(x, n), seed));
        var (rValues, _, _) = response.Take(responseRows);
        var rLabels = responseRows.Select(i => response.Info[i].Label).ToArray();
        var rPredicted = models.PredictResponse(rValues, responseRows.Count);
        return new(pPredicted, pLabels, stages, rPredicted, rLabels, "response",
            PermutationImportance(models.Schema.ResponseNames, rValues, rLabels, (x, n) => models.PredictResponse(x, n), seed));
    }

    private static List<(string, double)> PermutationImportance(IReadOnlyList<string> names, float[] values, bool[] labels, Func<float[], int, float[]> predict, ulong seed)
    {
        var rows = labels.Length;
        var width = names.Count;
        if (rows == 0 || labels.All(l => l) || labels.All(l => !l)) return [];
        var baseline = ClassificationMetrics.RocAuc(predict(values, rows), labels);
        var random = new Random((int)(seed % int.MaxValue));
        var importance = new List<(string, double)>(width);
        var shuffled = (float[])values.Clone();
        var order = Enumerable.Range(0, rows).ToArray();
        for (var j = 0; j < width; j++)
        {
            random.Shuffle(order);
            for (var r = 0; r < rows; r++) shuffled[r * width + j] = values[order[r] * width + j];
            importance.Add((names[j], baseline - ClassificationMetrics.RocAuc(predict(shuffled, rows), labels)));
            for (var r = 0; r < rows; r++) shuffled[r * width + j] = values[r * width + j];
        }
        return importance.OrderByDescending(i => i.Item2).ToList();
    }
}

/// <summary>
/// The charts of <c>repay evaluate --plots DIR</c> and the notebooks, as PNG files a person looks at:
/// ROC curves, calibration, Qini per channel, permutation feature importance and the score
/// distribution by collection stage.
/// </summary>
public static class EvaluationPlots
{
    public const int Width = 900, Height = 560;

    /// <summary>Writes every chart into <paramref name="folder"/>; returns the files written.</summary>
    public static IReadOnlyList<string> Write(string folder, EvaluationReport report, EvaluationSample sample)
    {
        Directory.CreateDirectory(folder);
        var written = new List<string>();
        void Save(Plot plot, string name)
        {
            var path = Path.Combine(folder, name);
            plot.SavePng(path, Width, Height);
            written.Add(path);
        }
        Save(Roc(sample), "roc.png");
        Save(Calibration(report), "calibration.png");
        if (report.Response is { PerChannel.Count: > 0 } response) Save(Qini(response), "qini_by_channel.png");
        if (sample.Importance.Count > 0) Save(Importance(sample), "feature_importance.png");
        Save(ScoresByStage(sample), "propensity_by_stage.png");
        return written;
    }

    private static Plot Roc(EvaluationSample sample)
    {
        var plot = new Plot();
        AddRoc(plot, sample.Propensity, sample.PropensityLabels, "propensity (30 days)");
        if (sample.Response is { } r) AddRoc(plot, r, sample.ResponseLabels!, "response (7 days)");
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LinePattern = LinePattern.Dashed;
        chance.LegendText = "chance";
        plot.Title("ROC curves (rows evaluated)");
        plot.XLabel("false positive rate");
        plot.YLabel("true positive rate");
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    private static void AddRoc(Plot plot, float[] predicted, bool[] labels, string name)
    {
        var order = Enumerable.Range(0, predicted.Length).OrderByDescending(i => predicted[i]).ToArray();
        double positives = labels.Count(l => l), negatives = labels.Length - positives;
        if (positives == 0 || negatives == 0) return;
        var xs = new List<double> { 0 };
        var ys = new List<double> { 0 };
        double tp = 0, fp = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (labels[order[k]]) tp++; else fp++;
            if (k == order.Length - 1 || predicted[order[k + 1]] != predicted[order[k]])
            {
                xs.Add(fp / negatives);
                ys.Add(tp / positives);
            }
        }
        var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
        line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{name}: AUC {ClassificationMetrics.RocAuc(predicted, labels):0.000}");
        line.LineWidth = 2;
    }

    private static Plot Calibration(EvaluationReport report)
    {
        var plot = new Plot();
        void Add(IReadOnlyList<CalibrationBin> bins, string name)
        {
            var s = plot.Add.Scatter(bins.Select(b => b.Predicted).ToArray(), bins.Select(b => b.Observed).ToArray());
            s.LegendText = name;
            s.MarkerSize = 8;
        }
        Add(report.Propensity.Calibration, "propensity (30 days)");
        if (report.Response is { } r) Add(r.Calibration, "response (7 days)");
        var ideal = plot.Add.Line(0, 0, 1, 1);
        ideal.LinePattern = LinePattern.Dashed;
        ideal.LegendText = "perfect calibration";
        plot.Title("Calibration: observed rate by bin of predicted probability");
        plot.XLabel("mean predicted probability");
        plot.YLabel("observed rate");
        plot.Axes.SetLimits(0, 1, 0, 1);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static Plot Qini(ResponseEvaluation response)
    {
        var channels = response.PerChannel.OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
        var plot = new Plot();
        plot.Add.Bars(channels.Select(c => c.Value.Qini).ToArray());
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, channels.Count).Select(i => (double)i).ToArray(), channels.Select(c => c.Key).ToArray());
        plot.Title("Qini coefficient of the predicted uplift over waiting, by channel");
        plot.YLabel("Qini");
        return plot;
    }

    private static Plot Importance(EvaluationSample sample)
    {
        var top = sample.Importance.Take(15).Reverse().ToList();
        var plot = new Plot();
        var bars = plot.Add.Bars(top.Select(t => t.AucDrop).ToArray());
        bars.Horizontal = true;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, top.Count).Select(i => (double)i).ToArray(), top.Select(t => t.Feature).ToArray());
        plot.Title($"Permutation importance: drop in AUC of the {sample.ImportanceModel} model, top {top.Count} features");
        plot.XLabel("AUC lost when the feature is shuffled");
        return plot;
    }

    private static Plot ScoresByStage(EvaluationSample sample)
    {
        var plot = new Plot();
        foreach (var stage in CollectionStage.All)
        {
            var values = sample.Propensity.Where((_, i) => sample.PropensityStages[i] == stage).Select(v => (double)v).ToArray();
            if (values.Length == 0) continue;
            var histogram = ScottPlot.Statistics.Histogram.WithBinCount(20, 0, 1);
            histogram.AddRange(values);
            var line = plot.Add.ScatterLine(histogram.Bins, histogram.Counts.Select(c => c / values.Length).ToArray());
            line.LegendText = $"{stage} ({values.Length:N0} rows)";
            line.LineWidth = 2;
        }
        plot.Title("Predicted 30-day repayment propensity by collection stage");
        plot.XLabel("propensity");
        plot.YLabel("share of the stage's rows");
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
