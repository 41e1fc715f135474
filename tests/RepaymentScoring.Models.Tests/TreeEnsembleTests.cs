namespace RepaymentScoring.Models.Tests;

/// <summary>
/// The compiled trees route every row as the trees' own rules say (x &lt;= t left, a missing value its
/// split's way), whether a row is walked alone, in lock step with others, or with rows sharing its state.
/// </summary>
public sealed class TreeEnsembleTests
{
    [Theory]
    [InlineData(6, 40, 1)]
    [InlineData(8, 9, 2)] // eight trees walked together and a ninth alone
    [InlineData(3, 12, 3)]
    public void Every_row_gets_the_sum_of_the_leaves_it_reaches(int features, int trees, int seed)
    {
        var model = RandomTrees.Ensemble(features, trees, maxDepth: 6, seed);
        var rows = RandomTrees.Rows(model, 2000, seed + 100);
        var predicted = model.Predict(rows, 2000);
        var margins = model.PredictMargins(rows, 2000);
        for (var r = 0; r < 2000; r++)
        {
            var expected = Reference(model, rows.AsSpan(r * features, features));
            Assert.True(Math.Abs(margins[r] - expected) < 1e-5, $"row {r}: margin {margins[r]}, leaves sum to {expected}");
            Assert.True(Math.Abs(predicted[r] - 1 / (1 + Math.Exp(-expected))) < 1e-6, $"row {r}: probability {predicted[r]}");
        }
        Assert.True(predicted.Distinct().Count() > 100, "the rows do not take different paths");
    }

    /// <summary>The margin as the trees' own description says: base margin plus each tree's leaf, found by FlatTree.LeafOf.</summary>
    private static double Reference(TreeEnsemble model, ReadOnlySpan<float> row)
    {
        double margin = model.BaseMargin;
        foreach (var tree in model.Source) margin += tree.LeafValue[tree.LeafOf(row)];
        return margin;
    }

    [Fact]
    public void A_row_exactly_at_a_threshold_goes_left_and_a_missing_value_goes_its_splits_way()
    {
        var tree = new FlatTree([0, 1], [2.5f, 7f], [true, false], [~0, ~1], [1, ~2], [-1f, 1f, 3f], [6, 4, 2, 2, 2]);
        var model = TreeEnsemble.Compile(2, 0, [tree]);
        float Margin(float a, float b) => model.PredictMargins([a, b], 1)[0];
        Assert.Equal(-1f, Margin(2.5f, 0));                   // at the threshold: left
        Assert.Equal(1f, Margin(MathF.BitIncrement(2.5f), 7)); // just above: right, then 7 <= 7: left
        Assert.Equal(3f, Margin(3, MathF.BitIncrement(7)));
        Assert.Equal(1f, Margin(float.NaN, float.NaN));       // missing: right at the root, left below
    }

    [Fact]
    public void A_hand_built_tree_sends_a_row_below_its_threshold_one_way_and_at_or_above_it_the_other()
    {
        var levels = TreeNode.Split(0, 30, TreeNode.Leaf(-0.5, 10), TreeNode.Split(1, 0.5f, TreeNode.Leaf(0, 5), TreeNode.Leaf(0.7, 5), missingGoesLeft: false));
        var model = TreeEnsemble.Compile(2, 0, [levels.ToFlat()]);
        float Margin(float a, float b) => model.PredictMargins([a, b], 1)[0];
        Assert.Equal(-0.5f, Margin(29, 1));
        Assert.Equal(-0.5f, Margin(MathF.BitDecrement(30), 1));
        Assert.Equal(0.7f, Margin(30, 1));
        Assert.Equal(0f, Margin(30, 0.4f));
        Assert.Equal(-0.5f, Margin(float.NaN, 1)); // missing goes left by default
        Assert.Equal(0.7f, Margin(31, float.NaN)); // and right where the split says so
        Assert.Equal(20f, levels.ToFlat().Cover[0]);
    }

    [Fact]
    public void Rows_sharing_a_prefix_are_walked_together_with_the_same_result_as_one_by_one()
    {
        var model = RandomTrees.Ensemble(6, 60, maxDepth: 5, seed: 4);
        var random = new Random(4);
        var state = RandomTrees.Rows(model, 1, 5);
        var rows = new float[40 * 6];
        for (var r = 0; r < 40; r++)
        {
            state.AsSpan(0, 4).CopyTo(rows.AsSpan(r * 6));
            rows[r * 6 + 4] = r % 7 == 0 ? float.NaN : (float)Math.Round(random.NextDouble() * 10, 1);
            rows[r * 6 + 5] = (float)Math.Round(random.NextDouble() * 10, 1);
        }
        Assert.Equal(model.Predict(rows, 40), model.PredictSharingPrefix(rows, 40, shared: 4));
    }

    [Fact]
    public void Take_keeps_the_first_trees_and_append_adds_one()
    {
        var model = RandomTrees.Ensemble(4, 10, maxDepth: 4, seed: 9);
        var rows = RandomTrees.Rows(model, 300, 10);
        var first = model.Take(6);
        var rest = model.Source.Skip(6).Aggregate(first, (m, t) => m.Append(t));
        Assert.Equal(6, first.Trees);
        Assert.Equal(model.PredictMargins(rows, 300), rest.PredictMargins(rows, 300));
        Assert.NotEqual(model.PredictMargins(rows, 300), first.PredictMargins(rows, 300));
    }

    [Fact]
    public void Covers_count_the_rows_below_each_node()
    {
        var tree = new FlatTree([0], [1f], [true], [~0], [~1], [0f, 1f], [1, 1, 1]);
        var model = TreeEnsemble.Compile(1, 0, [tree]).WithCovers([0f, 1f, 2f, 3f, float.NaN], 5);
        Assert.Equal(new[] { 5f, 2f, 3f }, model.Source[0].Cover);
    }

    [Fact]
    public void Log_loss_by_round_is_that_of_the_first_trees()
    {
        var model = RandomTrees.Ensemble(4, 12, maxDepth: 3, seed: 11);
        var rows = RandomTrees.Rows(model, 500, 12);
        var random = new Random(13);
        var labels = Enumerable.Range(0, 500).Select(_ => random.NextDouble() < 0.3 ? 1f : 0f).ToArray();
        var byRound = model.LogLossByRound(rows, 500, labels, []);
        for (var k = 1; k <= 12; k++)
        {
            var p = model.Take(k).Predict(rows, 500);
            var expected = p.Select((q, i) => labels[i] > 0.5f ? -Math.Log(q) : -Math.Log(1 - q)).Average();
            Assert.True(Math.Abs(byRound[k - 1] - expected) < 1e-5, $"{k} trees: {byRound[k - 1]} against {expected}");
        }
    }

    [Fact]
    public void A_tree_whose_nodes_do_not_fit_together_is_refused()
    {
        var tooFewLeaves = new FlatTree([0], [1f], [true], [~0], [~1], [0f], [1, 1]);
        Assert.Throws<InvalidDataException>(() => TreeEnsemble.Compile(1, 0, [tooFewLeaves]));
        var beyondFeatures = new FlatTree([3], [1f], [true], [~0], [~1], [0f, 1f], [2, 1, 1]);
        Assert.Throws<InvalidDataException>(() => TreeEnsemble.Compile(2, 0, [beyondFeatures]));
        var zeroCover = new FlatTree([0], [1f], [true], [~0], [~1], [0f, 1f], [1, 0, 1]);
        Assert.Throws<InvalidDataException>(() => TreeEnsemble.Compile(1, 0, [zeroCover]));
    }
}

/// <summary>A node's cover is the number of fitting rows whose path passes it, however many threads count them.</summary>
public sealed class CoverTests
{
    [Fact]
    public void Covers_count_the_rows_reaching_each_leaf_and_add_up_the_same_on_any_number_of_threads()
    {
        const int features = 6, count = 45_000; // enough rows to be split between threads
        var model = RandomTrees.Ensemble(features, 12, maxDepth: 5, seed: 7);
        var rows = RandomTrees.Rows(model, count, 8);
        var one = FlatTree.WithCovers(model.Source, count, r => rows.AsSpan(r * features, features), threads: 1);
        var three = FlatTree.WithCovers(model.Source, count, r => rows.AsSpan(r * features, features), threads: 3);
        for (var t = 0; t < one.Count; t++)
        {
            Assert.Equal(one[t].Cover, three[t].Cover);
            var tree = one[t];
            var reached = new int[tree.Leaves];
            for (var r = 0; r < count; r++) reached[tree.LeafOf(rows.AsSpan(r * features, features))]++;
            var inner = tree.Feature.Length;
            for (var leaf = 0; leaf < tree.Leaves; leaf++)
                Assert.Equal(Math.Max(FlatTree.EmptyCover, reached[leaf]), tree.Cover[inner + leaf]);
            if (inner > 0) Assert.Equal(count, tree.Cover[0]);
            for (var node = 0; node < inner; node++)
            {
                float Cover(int child) => child < 0 ? tree.Cover[inner + ~child] : tree.Cover[child];
                Assert.Equal(tree.Cover[node], Cover(tree.Left[node]) + Cover(tree.Right[node]), 0.01f);
            }
        }
    }
}
