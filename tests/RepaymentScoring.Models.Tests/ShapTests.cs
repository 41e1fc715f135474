namespace RepaymentScoring.Models.Tests;

/// <summary>
/// Exact SHAP values are the Shapley values of the path-dependent value function (a feature in the
/// coalition follows the row; one outside it splits the walk by the children's covers), computed here
/// by brute force over every subset of features; the tables, the per-leaf formula, the path walk and the brute force agree,
/// and the values sum to the margin.
/// </summary>
public sealed class ShapTests
{
    [Theory]
    [InlineData(4, 30, 5, 1)]
    [InlineData(6, 20, 6, 2)]
    [InlineData(8, 12, 8, 3)] // leaves that test all 8 features: the largest tables
    public void Exact_values_equal_brute_force_shapley_values_and_sum_to_the_margin(int features, int trees, int depth, int seed)
    {
        var model = RandomTrees.Ensemble(features, trees, depth, seed);
        // A tree as the response's levels: one feature split twice on a path, a leaf with a token cover.
        var levels = TreeNode.Split(0, 5f, TreeNode.Split(0, 2f, TreeNode.Leaf(-0.5, 1e-3), TreeNode.Leaf(0.2, 40)),
            TreeNode.Split(1, 3f, TreeNode.Leaf(0.1, 25), TreeNode.Leaf(0.25, 60)), missingGoesLeft: false);
        model = model.Append(levels.ToFlat());
        var rows = RandomTrees.Rows(model, 60, seed + 50);
        var unlikeApproximate = 0;
        for (var r = 0; r < 60; r++)
        {
            var row = rows.AsSpan(r * features, features);
            var expected = BruteForce(model, row.ToArray());
            var tabulated = model.Contributions(row);
            var walked = model.ContributionsByPathWalk(row);
            var approximate = model.ApproximateContributions(row);
            for (var j = 0; j <= features; j++)
            {
                Assert.True(Math.Abs(expected[j] - tabulated[j]) < 1e-5, $"row {r}, feature {j}: Shapley {expected[j]}, tabulated {tabulated[j]}");
                Assert.True(Math.Abs(expected[j] - walked[j]) < 1e-5, $"row {r}, feature {j}: Shapley {expected[j]}, walked {walked[j]}");
                if (Math.Abs(approximate[j] - tabulated[j]) > 1e-3) unlikeApproximate++;
            }
            var margin = model.PredictMargins(row, 1)[0];
            Assert.True(Math.Abs(tabulated.Sum() - margin) < 1e-4, $"row {r}: values sum to {tabulated.Sum()}, margin {margin}");
            Assert.True(Math.Abs(approximate.Sum() - margin) < 1e-4, $"row {r}: approximate values sum to {approximate.Sum()}, margin {margin}");
        }
        // Exact and approximate values differ: the comparison is of SHAP itself, not of zeros.
        Assert.True(unlikeApproximate > 60, $"only {unlikeApproximate} values differ from the approximate ones");
    }

    [Fact]
    public void Leaves_that_test_too_many_features_to_tabulate_are_computed_with_the_same_values()
    {
        const int features = 12;
        var model = RandomTrees.Ensemble(features, 6, maxDepth: 4, seed: 21);
        // A chain splitting on MaxTableFeatures + 1 features: its two deepest leaves test them all.
        var chain = TreeNode.Leaf(0.3, 5);
        for (var f = TreeEnsemble.MaxTableFeatures; f >= 0; f--)
            chain = TreeNode.Split(f, 5f, TreeNode.Leaf(-0.1 * (f + 1), 10 + f), chain);
        model = model.Append(chain.ToFlat());
        Assert.Equal(2, model.ComputedLeaves);
        var rows = RandomTrees.Rows(model, 40, 22);
        for (var r = 0; r < 40; r++)
        {
            var row = rows.AsSpan(r * features, features);
            var expected = BruteForce(model, row.ToArray());
            var actual = model.Contributions(row);
            for (var j = 0; j <= features; j++)
                Assert.True(Math.Abs(expected[j] - actual[j]) < 1e-5, $"row {r}, feature {j}: Shapley {expected[j]}, compiled {actual[j]}");
        }
    }

    [Fact]
    public void A_tree_with_a_leaf_testing_more_features_than_a_pattern_holds_is_walked_with_the_same_values()
    {
        const int features = 36;
        var model = RandomTrees.Ensemble(features, 4, maxDepth: 4, seed: 41);
        var chain = TreeNode.Leaf(0.3, 5);
        for (var f = 33; f >= 0; f--) // 34 features on one path: more bits than an int's pattern
            chain = TreeNode.Split(f, 5f, TreeNode.Leaf(-0.01 * (f + 1), 10 + f), chain);
        model = model.Append(chain.ToFlat());
        var rows = RandomTrees.Rows(model, 30, 42);
        for (var r = 0; r < 30; r++)
        {
            var row = rows.AsSpan(r * features, features);
            var walked = model.ContributionsByPathWalk(row); // equal to brute force (above); brute force over 2^36 subsets is out of reach
            var actual = model.Contributions(row);
            for (var j = 0; j <= features; j++)
                Assert.True(Math.Abs(walked[j] - actual[j]) < 1e-5, $"row {r}, feature {j}: path walk {walked[j]}, compiled {actual[j]}");
        }
    }

    [Fact]
    public void A_model_whose_tables_would_pass_the_budget_tabulates_fewer_leaves_with_the_same_values()
    {
        // Trees 8 deep on 12 features: up to 2,048 values a leaf, far more than the budget in all.
        const int features = 12;
        var random = new Random(31);
        var trees = Enumerable.Range(0, 700).Select(_ => RandomTrees.Tree(random, features, 8)).ToList();
        var model = TreeEnsemble.Compile(features, 0.1f, trees);
        var small = TreeEnsemble.Compile(features, 0.1f, trees.Take(3).ToList());
        Assert.Equal(0, small.ComputedLeaves);
        Assert.InRange(model.ComputedLeaves, 1, model.Source.Sum(t => t.LeafValue.Length) - 1); // some leaves computed, the smaller ones still tabulated
        var rows = RandomTrees.Rows(model, 20, 32);
        for (var r = 0; r < 20; r++)
        {
            var row = rows.AsSpan(r * features, features);
            var walked = model.ContributionsByPathWalk(row); // equal to brute force (the test above); brute force over 700 trees is too slow here
            var actual = model.Contributions(row);
            for (var j = 0; j <= features; j++)
                Assert.True(Math.Abs(walked[j] - actual[j]) < 1e-4, $"row {r}, feature {j}: path walk {walked[j]}, compiled {actual[j]}");
        }
        for (var r = 0; r < 20; r++)
        {
            var row = rows.AsSpan(r * features, features);
            var expected = BruteForce(small, row.ToArray());
            var actual = small.Contributions(row);
            for (var j = 0; j <= features; j++)
                Assert.True(Math.Abs(expected[j] - actual[j]) < 1e-5, $"row {r}, feature {j}: Shapley {expected[j]}, tabulated {actual[j]}");
        }
    }

    /// <summary>phi_i = sum over coalitions S without i of |S|! (M - |S| - 1)! / M! (v(S + i) - v(S)); the bias is v(empty) with the base margin.</summary>
    private static double[] BruteForce(TreeEnsemble model, float[] row)
    {
        var m = model.Features;
        var value = new double[1 << m];
        for (var s = 0; s < value.Length; s++)
            value[s] = model.Source.Sum(t => Expected(t, row, s, t.Feature.Length == 0 ? ~0 : 0));
        var factorial = new double[m + 1];
        factorial[0] = 1;
        for (var k = 1; k <= m; k++) factorial[k] = factorial[k - 1] * k;
        var phi = new double[m + 1];
        for (var i = 0; i < m; i++)
            for (var s = 0; s < value.Length; s++)
            {
                if ((s & (1 << i)) != 0) continue;
                var size = System.Numerics.BitOperations.PopCount((uint)s);
                phi[i] += factorial[size] * factorial[m - size - 1] / factorial[m] * (value[s | (1 << i)] - value[s]);
            }
        phi[m] = value[0] + model.BaseMargin;
        return phi;
    }

    /// <summary>The tree's expected leaf value given the features in <paramref name="coalition"/>: those follow the row, the others split the walk by cover.</summary>
    private static double Expected(FlatTree tree, float[] row, int coalition, int node)
    {
        if (node < 0) return tree.LeafValue[~node];
        var f = tree.Feature[node];
        var left = tree.Left[node];
        var right = tree.Right[node];
        if ((coalition & (1 << f)) != 0)
        {
            var x = row[f];
            return Expected(tree, row, coalition, x > tree.Threshold[node] || (float.IsNaN(x) && tree.MissingGoesRight[node]) ? right : left);
        }
        double Cover(int child) => child < 0 ? tree.Cover[tree.Feature.Length + ~child] : tree.Cover[child];
        return (Cover(left) * Expected(tree, row, coalition, left) + Cover(right) * Expected(tree, row, coalition, right)) / tree.Cover[node];
    }
}
