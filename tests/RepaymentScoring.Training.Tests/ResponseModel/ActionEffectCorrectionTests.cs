using RepaymentScoring.Models.Trees;
using RepaymentScoring.Training.Data;

namespace RepaymentScoring.Training.Tests.ResponseModel;

/// <summary>
/// The second stage gives every channel-by-stage cell its own level: after it, each cell's mean predicted
/// probability on the training rows matches the cell's observed rate, and a rare late-stage action the
/// first stage under-fits gets its effect back.
/// </summary>
public sealed class ActionEffectCorrectionTests
{
    private static readonly string[] Columns =
        ["days_past_due", "x", "action_none", "action_phone", "action_visit", "action_intensity", "action_hour", "action_reach"];

    /// <summary>logit P = -2 + 0.8 x - 0.01 dpd, + 0.3 for a call, + 0.9 for a visit (visits only when late, 4% of rows).</summary>
    private static (FeatureMatrix Matrix, List<int> Rows) Portfolio(int rows, int seed)
    {
        var random = new Random(seed);
        var matrix = new FeatureMatrix(Columns);
        for (var i = 0; i < rows; i++)
        {
            var dpd = random.Next(1, 150);
            var x = (float)(random.NextDouble() * 2 - 1);
            var channel = dpd > 90 && random.NextDouble() < 0.1 ? 2 : random.NextDouble() < 0.3 ? 0 : 1;
            var logit = -2 + 0.8 * x - 0.01 * dpd + (channel == 1 ? 0.3 : channel == 2 ? 0.9 : 0);
            var label = random.NextDouble() < 1 / (1 + Math.Exp(-logit));
            var row = matrix.AddRow(new RowInfo("A", null, DateTimeOffset.UnixEpoch, "", label, 0, 0, null, 1));
            row[0] = dpd; row[1] = x; row[2 + channel] = 1;
            row[5] = channel == 0 ? 0 : 1; row[6] = channel == 0 ? float.NaN : 14; row[7] = float.NaN;
        }
        return (matrix, Enumerable.Range(0, rows).ToList());
    }

    private static TreeEnsemble UnderFitFirstStage(FeatureMatrix matrix, List<int> rows) =>
        TreeTraining.Fit(matrix, rows, new TreeSettings { Leaves = 4, MaxDepth = 2, LearningRate = 0.1, MinLeafHessian = 100 },
            new TrainingSettings { Threads = 1 }, rounds: 30).Trees;

    private static Dictionary<(int Stage, int Channel), (double Predicted, double Observed, int N)> ByCell(FeatureMatrix m, float[] p)
    {
        var cells = new Dictionary<(int, int), (double, double, int)>();
        for (var i = 0; i < m.Rows; i++)
        {
            var row = m.Row(i);
            var key = (row[0] < 30 ? 0 : row[0] < 91 ? 1 : 2, row[2] == 1 ? 0 : row[3] == 1 ? 1 : 2);
            var (sp, so, n) = cells.GetValueOrDefault(key);
            cells[key] = (sp + p[i], so + (m.Info[i].Label ? 1 : 0), n + 1);
        }
        return cells.ToDictionary(c => c.Key, c => (c.Value.Item1 / c.Value.Item3, c.Value.Item2 / c.Value.Item3, c.Value.Item3));
    }

    [Fact]
    public void Each_cells_mean_prediction_matches_its_observed_rate_and_the_late_visit_effect_is_restored()
    {
        var (matrix, rows) = Portfolio(40_000, 1);
        var first = UnderFitFirstStage(matrix, rows);
        var (levels, shifts) = new ActionEffectCorrection { Lambda = 3 }.Fit(first, matrix, rows);
        var corrected = first.Append(levels.ToFlat());
        var (x, _, _) = matrix.Take(rows);
        var before = ByCell(matrix, first.Predict(x, rows.Count));
        var after = ByCell(matrix, corrected.Predict(x, rows.Count));

        foreach (var (cell, (predicted, observed, n)) in after)
        {
            var se = Math.Sqrt(observed * (1 - observed) / n);
            Assert.True(Math.Abs(predicted - observed) < 0.2 * se + 1e-3,
                $"cell {cell}: mean prediction {predicted:0.0000}, observed {observed:0.0000} over {n} rows (before: {before[cell].Predicted:0.0000})");
        }
        var lateVisit = after[(2, 2)];
        Assert.True(Math.Abs(before[(2, 2)].Predicted - lateVisit.Observed) > 5 * Math.Abs(lateVisit.Predicted - lateVisit.Observed),
            $"late visits: before {before[(2, 2)].Predicted:0.0000}, after {lateVisit.Predicted:0.0000}, observed {lateVisit.Observed:0.0000}");
        Assert.True(shifts["late/visit"].Shift > 0, $"late/visit shift {shifts["late/visit"].Shift:0.000}: the first stage under-predicts visits");
        Assert.Equal(0, shifts["early/visit"].Shift); // no row, no shift
        Assert.Equal(0, shifts["early/visit"].Rows);
    }
}
