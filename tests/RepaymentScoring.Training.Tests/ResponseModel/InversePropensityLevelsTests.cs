using RepaymentScoring.Models.Registry;
using RepaymentScoring.Models.Trees;
using RepaymentScoring.Training.Data;

namespace RepaymentScoring.Training.Tests.ResponseModel;

/// <summary>
/// The second stage's levels, weighted by inverse propensity, are those of every account in the stage:
/// when the old strategy visited mostly the accounts a visit helps least, the capped weights level visits
/// at those accounts' rate, and the uncapped inverse-propensity weights recover the whole stage's.
/// </summary>
public sealed class InversePropensityLevelsTests
{
    private static readonly string[] Columns =
        ["days_past_due", "large_amount", "action_none", "action_phone", "action_visit", "action_intensity", "action_hour", "action_reach"];

    /// <summary>
    /// Late accounts, half with a large amount. logit P(pay) = -2.5 + 0.5 large, + 0.3 for a call, + 1.2 for
    /// a visit to a small amount but only + 0.2 to a large one. The strategy visits 90% of large amounts and
    /// 10% of small ones (explored), and logs those probabilities.
    /// </summary>
    private static FeatureMatrix History(int rows, int seed)
    {
        var random = new Random(seed);
        var matrix = new FeatureMatrix(Columns);
        for (var i = 0; i < rows; i++)
        {
            var large = random.NextDouble() < 0.5;
            var pVisit = large ? 0.9 : 0.1;
            var visit = random.NextDouble() < pVisit;
            var label = random.NextDouble() < Truth(large, visit ? 2 : 1);
            var row = matrix.AddRow(new RowInfo("A", null, DateTimeOffset.UnixEpoch, "", label, 0, 0, visit ? pVisit : 1 - pVisit, 1));
            Write(row, random.Next(91, 180), large, visit ? 2 : 1);
        }
        return matrix;
    }

    private static double Truth(bool large, int channel) =>
        1 / (1 + Math.Exp(-(-2.5 + (large ? 0.5 : 0) + channel switch { 1 => 0.3, 2 => large ? 0.2 : 1.2, _ => 0 })));

    private static void Write(Span<float> row, int dpd, bool large, int channel)
    {
        row.Clear();
        row[0] = dpd; row[1] = large ? 1 : 0; row[2 + channel] = 1;
        row[5] = 1; row[6] = 11; row[7] = float.NaN;
    }

    /// <summary>Depth-1 trees: the visit effect cannot depend on the amount, as a shallow model shrinks a rare interaction.</summary>
    private static TreeEnsemble AdditiveFirstStage(FeatureMatrix matrix, List<int> rows) =>
        TreeTraining.Fit(matrix, rows, new TreeSettings { Leaves = 2, MaxDepth = 1, LearningRate = 0.3, MinLeafHessian = 10 },
            new TrainingSettings { Threads = 1 }, rounds: 40).Trees;

    private static TreeEnsemble Levelled(TreeEnsemble first, TreeNode levels) => first.Append(levels.ToFlat());

    /// <summary>Mean predicted P(pay | visit) over every account of the history, each one visited (counterfactual rows).</summary>
    private static double MeanVisitPrediction(TreeEnsemble model, FeatureMatrix history)
    {
        var rows = new float[history.Rows * history.Width];
        for (var i = 0; i < history.Rows; i++)
            Write(rows.AsSpan(i * history.Width, history.Width), (int)history.Row(i)[0], history.Row(i)[1] > 0.5f, 2);
        return model.Predict(rows, history.Rows).Average(p => (double)p);
    }

    [Fact]
    public void Visit_level_weighted_by_inverse_propensity_matches_the_whole_stage_where_capped_weights_keep_the_visited_accounts_rate()
    {
        var history = History(60_000, 5);
        var rows = Enumerable.Range(0, history.Rows).ToList();
        var trueMean = Enumerable.Range(0, history.Rows).Average(i => Truth(history.Row(i)[1] > 0.5f, 2));
        var first = AdditiveFirstStage(history, rows);

        var (ipsLevels, ipsShifts) = new ActionEffectCorrection { Weights = CorrectionWeights.InversePropensity }.Fit(first, history, rows);
        var ips = Levelled(first, ipsLevels);
        var (cappedLevels, _) = new ActionEffectCorrection { Weights = CorrectionWeights.Capped }.Fit(first, history, rows);
        var capped = Levelled(first, cappedLevels);

        var ipsMean = MeanVisitPrediction(ips, history);
        var cappedMean = MeanVisitPrediction(capped, history);
        // The truth's mean is 0.178; the visited accounts' own rate (nine in ten with a large amount) is
        // about 0.15. The rows' own weights are all 1 here: the cap at its tightest.
        Assert.True(Math.Abs(ipsMean - trueMean) < 0.01,
            $"inverse propensity: mean P(pay | visit) {ipsMean:0.0000}, truth {trueMean:0.0000}");
        Assert.True(Math.Abs(cappedMean - trueMean) > 2.5 * Math.Abs(ipsMean - trueMean),
            $"capped weights: {cappedMean:0.0000}, inverse propensity {ipsMean:0.0000}, truth {trueMean:0.0000}");
        Assert.True(ipsShifts["late/visit"].Shift > 0, $"late/visit shift {ipsShifts["late/visit"].Shift:0.000}");
    }

    [Fact]
    public void A_cell_that_one_tiny_logged_probability_would_decide_is_levelled_with_the_capped_weights()
    {
        var history = History(20_000, 7);
        // One paid visit logged with a probability of 1e-9: uncapped, it would outweigh every other row.
        var row = history.AddRow(new RowInfo("B", null, DateTimeOffset.UnixEpoch, "", true, 0, 0, 1e-9, 1));
        Write(row, 120, large: false, channel: 2);
        var rows = Enumerable.Range(0, history.Rows).ToList();
        var first = AdditiveFirstStage(history, rows);

        var (guardedLevels, guardedShifts) = new ActionEffectCorrection().Fit(first, history, rows);
        var (unguardedLevels, unguardedShifts) = new ActionEffectCorrection { MinCellEffectiveRows = 0 }.Fit(first, history, rows);
        var (cappedLevels, cappedShifts) = new ActionEffectCorrection { Weights = CorrectionWeights.Capped }.Fit(first, history, rows);

        Assert.True(unguardedShifts["late/visit"].Shift > 2, $"unguarded late/visit shift {unguardedShifts["late/visit"].Shift:0.000}: the one row did not decide it");
        Assert.Equal(cappedShifts["late/visit"].Shift, guardedShifts["late/visit"].Shift, 6);
        // The other cells keep their inverse-propensity levels.
        Assert.Equal(unguardedShifts["late/phone"].Shift, guardedShifts["late/phone"].Shift, 6);
        Assert.NotEqual(cappedShifts["late/phone"].Shift, guardedShifts["late/phone"].Shift, 3);
        // The manifest records which weights each level took, and why.
        Assert.Equal(ActionCell.CappedWeights, guardedShifts["late/visit"].Weights);
        Assert.True(guardedShifts["late/visit"].EffectiveRows < 30, $"late/visit effective rows {guardedShifts["late/visit"].EffectiveRows}");
        Assert.Equal(ActionCell.UncappedWeights, guardedShifts["late/phone"].Weights);
        Assert.True(guardedShifts["late/phone"].EffectiveRows >= 30, $"late/phone effective rows {guardedShifts["late/phone"].EffectiveRows}");
        Assert.Equal(ActionCell.UncappedWeights, unguardedShifts["late/visit"].Weights);
    }
}
