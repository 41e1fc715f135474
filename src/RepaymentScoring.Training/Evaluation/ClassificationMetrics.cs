namespace RepaymentScoring.Training.Evaluation;

public sealed record CalibrationBin(int Bin, double Predicted, double Observed, int Count);

/// <summary>How well predicted probabilities rank and match binary outcomes.</summary>
public sealed record ClassificationMetrics(double Auc, double PrAuc, double Brier, double LogLoss, IReadOnlyList<CalibrationBin> Calibration, int Rows, double PositiveRate)
{
    public static ClassificationMetrics Compute(IReadOnlyList<float> predicted, IReadOnlyList<bool> labels)
    {
        if (predicted.Count != labels.Count) throw new ArgumentException("One prediction per label.");
        var n = predicted.Count;
        if (n == 0) return new(double.NaN, double.NaN, double.NaN, double.NaN, [], 0, double.NaN);
        var brier = 0.0;
        var logLoss = 0.0;
        for (var i = 0; i < n; i++)
        {
            var p = Math.Clamp(predicted[i], 1e-7, 1 - 1e-7);
            var y = labels[i] ? 1.0 : 0.0;
            brier += (p - y) * (p - y);
            logLoss -= y * Math.Log(p) + (1 - y) * Math.Log(1 - p);
        }
        var order = Enumerable.Range(0, n).OrderBy(i => predicted[i]).ToArray();
        var calibration = new List<CalibrationBin>();
        for (var b = 0; b < 10; b++)
        {
            var from = b * n / 10;
            var to = (b + 1) * n / 10;
            if (to <= from) continue;
            var idx = order[from..to];
            calibration.Add(new CalibrationBin(b + 1, idx.Average(i => (double)predicted[i]), idx.Average(i => labels[i] ? 1.0 : 0.0), idx.Length));
        }
        return new ClassificationMetrics(RocAuc(predicted, labels), AveragePrecision(predicted, labels), brier / n, logLoss / n, calibration, n,
            labels.Count(l => l) / (double)n);
    }

    /// <summary>ROC AUC by ranks (ties get their average rank): the chance a random positive outranks a random negative.</summary>
    public static double RocAuc(IReadOnlyList<float> scores, IReadOnlyList<bool> labels) => RocAuc(scores.Select(s => (double)s).ToArray(), labels);

    public static double RocAuc(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]]) j++;
            for (var k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0 + 1;
            i = j + 1;
        }
        double positives = labels.Count(l => l), negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        var rankSum = Enumerable.Range(0, labels.Count).Where(i => labels[i]).Sum(i => ranks[i]);
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    /// <summary>PR AUC as average precision: mean precision at each positive, highest scores first.</summary>
    public static double AveragePrecision(IReadOnlyList<float> scores, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        double hits = 0, sum = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (!labels[order[k]]) continue;
            hits++;
            sum += hits / (k + 1);
        }
        return hits == 0 ? double.NaN : sum / hits;
    }
}
