namespace RepaymentScoring.Boosting.Tests;

/// <summary>The compiled trees predict what XGBoost predicts, row by row and for rows that share a prefix, and explain rows as XGBoost's exact and approximate contributions do.</summary>
public sealed class TreeEnsembleTests
{
    private static readonly Dictionary<string, string> Parameters = new()
    {
        ["objective"] = "binary:logistic", ["tree_method"] = "hist", ["max_depth"] = "5", ["eta"] = "0.1", ["seed"] = "1", ["nthread"] = "1",
        ["base_score"] = "0.3",
    };

    /// <summary>6 columns; y depends on all of them with interactions; 15% of columns 1 and 4 missing.</summary>
    private static (float[] X, float[] Y) Data(int rows, int seed)
    {
        var random = new Random(seed);
        var x = new float[rows * 6];
        var y = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < 6; j++) x[i * 6 + j] = (float)Math.Round(random.NextDouble() * 10, 1);
            var logit = 0.4 * x[i * 6] - 0.3 * x[i * 6 + 1] + (x[i * 6 + 4] > 5 ? 1 : -1) * (x[i * 6 + 5] - 5) * 0.3;
            y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;
            if (random.NextDouble() < 0.15) x[i * 6 + 1] = float.NaN;
            if (random.NextDouble() < 0.15) x[i * 6 + 4] = float.NaN;
        }
        return (x, y);
    }

    [Fact]
    public void Every_row_gets_xgboosts_probability()
    {
        var (x, y) = Data(3000, 1);
        using var data = new DMatrix(x, 3000, 6, y);
        using var booster = Booster.Train(Parameters, data, null, rounds: 120);
        var trees = TreeEnsemble.From(booster);
        Assert.Equal(120, trees.Trees);
        AssertPredictsAsXGBoost(booster, trees, rows: 1000, seed: 2);
    }

    /// <summary>Generated rows predicted by the compiled trees as by XGBoost, within 1e-6; returns XGBoost's predictions.</summary>
    private static float[] AssertPredictsAsXGBoost(Booster model, TreeEnsemble trees, int rows, int seed)
    {
        var (test, _) = Data(rows, seed);
        using var testData = new DMatrix(test, rows, 6);
        var expected = model.Predict(testData);
        var actual = trees.Predict(test, rows);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-6, $"row {i}: XGBoost {expected[i]}, compiled {actual[i]}");
        return expected;
    }

    [Fact]
    public void Trees_of_different_depths_walked_in_lock_step_predict_as_xgboost()
    {
        // Eight trees walked together (five of depth up to 5, then depths 1, 2 and 1, missing values
        // sent both ways) and a ninth alone.
        var (x, y) = Data(3000, 7);
        using var data = new DMatrix(x, 3000, 6, y);
        using var booster = Booster.Train(Parameters, data, null, rounds: 5);
        using var stump = booster.AppendTree(TreeNode.Split(1, 5f, TreeNode.Leaf(-0.4), TreeNode.Leaf(0.3), missingGoesLeft: false));
        using var shallow = stump.AppendTree(TreeNode.Split(4, 5f, TreeNode.Split(0, 2f, TreeNode.Leaf(0.2), TreeNode.Leaf(-0.1)), TreeNode.Leaf(0.6)));
        using var eighth = shallow.AppendTree(TreeNode.Split(4, 3f, TreeNode.Leaf(0.15), TreeNode.Leaf(-0.25)));
        using var model = eighth.AppendTree(TreeNode.Split(5, 6f, TreeNode.Leaf(0.05), TreeNode.Leaf(-0.7)));
        var trees = TreeEnsemble.From(model);
        Assert.Equal(9, trees.Trees);
        var expected = AssertPredictsAsXGBoost(model, trees, rows: 500, seed: 8);
        Assert.True(expected.Distinct().Count() > 20, "the rows do not take different paths");
    }

    [Fact]
    public void Rows_sharing_a_prefix_are_walked_together_with_the_same_result_as_one_by_one()
    {
        var (x, y) = Data(3000, 3);
        using var data = new DMatrix(x, 3000, 6, y);
        using var booster = Booster.Train(Parameters, data, null, rounds: 60);
        using var appended = booster.AppendTree(TreeNode.Split(5, 4f, TreeNode.Leaf(-0.5), TreeNode.Leaf(0.25)));
        var trees = TreeEnsemble.From(appended);
        // One "state" (columns 0-3, column 1 missing) with 40 "actions" in columns 4-5, some missing.
        var random = new Random(4);
        var rows = new float[40 * 6];
        for (var r = 0; r < 40; r++)
        {
            rows[r * 6] = 7.5f; rows[r * 6 + 1] = float.NaN; rows[r * 6 + 2] = 1.2f; rows[r * 6 + 3] = 9.9f;
            rows[r * 6 + 4] = r % 7 == 0 ? float.NaN : (float)Math.Round(random.NextDouble() * 10, 1);
            rows[r * 6 + 5] = (float)Math.Round(random.NextDouble() * 10, 1);
        }
        var together = trees.PredictSharingPrefix(rows, 40, shared: 4);
        var alone = trees.Predict(rows, 40);
        using var matrix = new DMatrix(rows, 40, 6);
        var xgboost = appended.Predict(matrix);
        Assert.Equal(alone, together);
        for (var i = 0; i < 40; i++) Assert.True(Math.Abs(xgboost[i] - together[i]) < 1e-6, $"row {i}: XGBoost {xgboost[i]}, compiled {together[i]}");
    }

    [Fact]
    public void Approximate_contributions_are_xgboosts_and_sum_to_the_margin()
    {
        var (x, y) = Data(3000, 5);
        using var data = new DMatrix(x, 3000, 6, y);
        using var booster = Booster.Train(Parameters, data, null, rounds: 80);
        // A hand-built tree (unit hessian sums) appended, as the response model's levels are.
        using var appended = booster.AppendTree(TreeNode.Split(4, 5f, TreeNode.Leaf(-0.5), TreeNode.Split(0, 3f, TreeNode.Leaf(0.1), TreeNode.Leaf(0.25)), missingGoesLeft: false));
        var trees = TreeEnsemble.From(appended);
        var (test, _) = Data(200, 6);
        using var testData = new DMatrix(test, 200, 6);
        var expected = appended.Contributions(testData, approximate: true);
        var margins = appended.PredictMargin(testData);
        var differing = 0;
        for (var r = 0; r < 200; r++)
        {
            var actual = trees.ApproximateContributions(test.AsSpan(r * 6, 6));
            Assert.Equal(7, actual.Length);
            for (var j = 0; j < 7; j++)
                Assert.True(Math.Abs(expected[r * 7 + j] - actual[j]) < 1e-4, $"row {r}, column {j}: XGBoost {expected[r * 7 + j]}, compiled {actual[j]}");
            Assert.True(Math.Abs(actual.Sum() - margins[r]) < 1e-4, $"row {r}: contributions sum to {actual.Sum()}, margin {margins[r]}");
            if (actual.Take(6).Any(c => Math.Abs(c) > 1e-3)) differing++;
        }
        Assert.True(differing > 150, $"only {differing} of 200 rows have a contribution"); // the comparison is not of zeros
    }

    [Theory]
    [InlineData(5, 80)]
    [InlineData(8, 30)]
    public void Exact_contributions_are_xgboosts_treeshap_and_sum_to_the_margin(int depth, int rounds)
    {
        var (x, y) = Data(3000, 9);
        using var data = new DMatrix(x, 3000, 6, y);
        using var booster = Booster.Train(new Dictionary<string, string>(Parameters) { ["max_depth"] = depth.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            data, null, rounds);
        // A hand-built tree as the response model's levels: a feature split twice on one path, and a
        // leaf with a token cover (an empty cell).
        using var appended = booster.AppendTree(TreeNode.Split(4, 5f,
            TreeNode.Split(4, 2f, TreeNode.Leaf(-0.5, 1e-3), TreeNode.Leaf(0.2, 40)),
            TreeNode.Split(0, 3f, TreeNode.Leaf(0.1, 25), TreeNode.Leaf(0.25, 60)), missingGoesLeft: false));
        var trees = TreeEnsemble.From(appended);
        var (test, _) = Data(300, 10);
        using var testData = new DMatrix(test, 300, 6);
        var expected = appended.Contributions(testData);
        var approximate = appended.Contributions(testData, approximate: true);
        var margins = appended.PredictMargin(testData);
        var unlikeApproximate = 0;
        for (var r = 0; r < 300; r++)
        {
            var actual = trees.Contributions(test.AsSpan(r * 6, 6));
            var walked = trees.ContributionsByPathWalk(test.AsSpan(r * 6, 6));
            Assert.Equal(7, actual.Length);
            for (var j = 0; j < 7; j++)
            {
                Assert.True(Math.Abs(expected[r * 7 + j] - actual[j]) < 1e-5, $"row {r}, column {j}: XGBoost {expected[r * 7 + j]}, tabulated {actual[j]}");
                Assert.True(Math.Abs(expected[r * 7 + j] - walked[j]) < 1e-5, $"row {r}, column {j}: XGBoost {expected[r * 7 + j]}, walked {walked[j]}");
                if (Math.Abs(approximate[r * 7 + j] - actual[j]) > 1e-3) unlikeApproximate++;
            }
            Assert.True(Math.Abs(actual.Sum() - margins[r]) < 1e-4, $"row {r}: contributions sum to {actual.Sum()}, margin {margins[r]}");
        }
        // Exact and approximate values differ on most rows: the comparison is of TreeSHAP itself.
        Assert.True(unlikeApproximate > 300, $"only {unlikeApproximate} values differ from the approximate ones");
    }

    [Fact]
    public void A_tree_whose_leaves_test_too_many_features_to_tabulate_gets_xgboosts_values()
    {
        // 12 columns; a hand-built chain of splits on 11 of them (more than MaxTableFeatures on its
        // deepest leaves) appended to a boosted model, whose trees are tabulated.
        const int columns = 12;
        var random = new Random(21);
        var x = Values(random, 2000 * columns, r => (float)Math.Round(r.NextDouble() * 10, 1));
        var y = new float[2000];
        for (var i = 0; i < y.Length; i++) y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-(x[i * columns] - 5) * 0.4)) ? 1 : 0;
        using var data = new DMatrix(x, 2000, columns, y);
        using var booster = Booster.Train(Parameters, data, null, rounds: 10);
        var chain = TreeNode.Leaf(0.3, 5);
        for (var f = TreeEnsemble.MaxTableFeatures; f >= 0; f--)
            chain = TreeNode.Split(f, 5f, TreeNode.Leaf(-0.1 * (f + 1), 10 + f), chain);
        using var model = booster.AppendTree(chain);
        var trees = TreeEnsemble.From(model);
        Assert.Equal(10, trees.TabulatedTrees); // the chain is walked
        AssertExactAsXGBoost(model, trees, Values(random, 200 * columns, r => (float)Math.Round(r.NextDouble() * 10, 1)), columns, 1e-5);
    }

    [Fact]
    public void A_model_whose_tables_would_pass_the_budget_is_walked_with_xgboosts_values()
    {
        // 12 columns, trees 8 deep grown to single rows: leaves testing up to 8 features, tables of
        // up to 2,048 values a leaf, far more than the budget in all.
        const int columns = 12;
        var random = new Random(31);
        var x = Values(random, 4000 * columns, r => (float)r.NextDouble());
        var y = new float[4000];
        for (var i = 0; i < y.Length; i++) y[i] = random.NextDouble() < 0.5 ? 1 : 0;
        using var data = new DMatrix(x, 4000, columns, y);
        using var model = Booster.Train(new Dictionary<string, string>(Parameters) { ["max_depth"] = "8", ["min_child_weight"] = "0", ["eta"] = "0.3" },
            data, null, rounds: 300);
        var trees = TreeEnsemble.From(model);
        Assert.Equal(0, trees.TabulatedTrees);
        AssertExactAsXGBoost(model, trees, Values(random, 50 * columns, r => (float)r.NextDouble()), columns, 1e-4);
    }

    private static float[] Values(Random random, int count, Func<Random, float> value)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++) values[i] = value(random);
        return values;
    }

    /// <summary>Each row's exact contributions from the compiled trees within <paramref name="tolerance"/> of XGBoost's pred_contribs.</summary>
    private static void AssertExactAsXGBoost(Booster model, TreeEnsemble trees, float[] test, int columns, double tolerance)
    {
        var rows = test.Length / columns;
        using var testData = new DMatrix(test, rows, columns);
        var expected = model.Contributions(testData);
        for (var r = 0; r < rows; r++)
        {
            var actual = trees.Contributions(test.AsSpan(r * columns, columns));
            for (var j = 0; j <= columns; j++)
                Assert.True(Math.Abs(expected[r * (columns + 1) + j] - actual[j]) < tolerance, $"row {r}, column {j}: XGBoost {expected[r * (columns + 1) + j]}, compiled {actual[j]}");
        }
    }
}
