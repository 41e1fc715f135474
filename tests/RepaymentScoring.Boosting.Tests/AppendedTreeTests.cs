namespace RepaymentScoring.Boosting.Tests;

/// <summary>A hand-built tree appended to a trained model moves each row's margin by exactly the leaf it reaches.</summary>
public sealed class AppendedTreeTests
{
    private static readonly Dictionary<string, string> Parameters = new()
    {
        ["objective"] = "binary:logistic", ["tree_method"] = "hist", ["max_depth"] = "2", ["eta"] = "0.3", ["seed"] = "1", ["nthread"] = "1",
    };

    [Fact]
    public void Each_row_moves_by_its_leaf_with_missing_values_going_the_stated_way_and_the_model_saves_and_loads()
    {
        var random = new Random(5);
        const int rows = 500, columns = 3;
        var x = new float[rows * columns];
        var y = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++) x[i * columns + j] = (float)random.NextDouble() * 100;
            if (i % 10 == 0) x[i * columns + 2] = float.NaN;
            y[i] = random.NextDouble() < x[i * columns] / 100 ? 1 : 0;
        }
        using var data = new DMatrix(x, rows, columns, y);
        using var first = Booster.Train(Parameters, data, null, rounds: 5);
        // Column 0 below 30 -> +0.5; else column 2 below 90 (missing goes right) -> -1.25, else +2.
        var tree = TreeNode.Split(0, 30f, TreeNode.Leaf(0.5),
            TreeNode.Split(2, 90f, TreeNode.Leaf(-1.25), TreeNode.Leaf(2), missingGoesLeft: false));
        using var appended = first.AppendTree(tree);
        using var reloaded = Booster.Load(appended.Save());

        var before = first.PredictMargin(data);
        var after = appended.PredictMargin(data);
        var again = reloaded.PredictMargin(data);
        for (var i = 0; i < rows; i++)
        {
            var c0 = x[i * columns];
            var c2 = x[i * columns + 2];
            var leaf = c0 < 30 ? 0.5 : !float.IsNaN(c2) && c2 < 90 ? -1.25 : 2;
            Assert.Equal(before[i] + leaf, after[i], 4);
            Assert.Equal(after[i], again[i]);
        }
        Assert.Equal(first.Rounds + 1, appended.Rounds);
        var probabilities = appended.Predict(data);
        Assert.Equal(1 / (1 + Math.Exp(-after[7])), probabilities[7], 5);
    }

    [Fact]
    public void A_split_on_a_column_the_model_does_not_have_is_refused()
    {
        using var data = new DMatrix(new float[] { 1, 2, 3, 4 }, 2, 2, new float[] { 0, 1 });
        using var first = Booster.Train(Parameters, data, null, rounds: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => first.AppendTree(TreeNode.Split(2, 1f, TreeNode.Leaf(0), TreeNode.Leaf(1))));
    }

    [Fact]
    public void A_leafs_cover_is_written_as_its_hessian_sum_and_weighs_the_explanations()
    {
        using var data = new DMatrix(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 4, 2, new float[] { 0, 1, 0, 1 });
        using var first = Booster.Train(Parameters, data, null, rounds: 1);
        // Nine times the rows below 4 on column 1 as at or above: the root's mean is 0.9 * 1 + 0.1 * -1.
        using var appended = first.AppendTree(TreeNode.Split(1, 4f, TreeNode.Leaf(1, cover: 9), TreeNode.Leaf(-1, cover: 1)));
        using var rows = new DMatrix(new float[] { 0, 3, 0, 5 }, 2, 2);
        var withTree = appended.Contributions(rows, approximate: true);
        var without = first.Contributions(rows, approximate: true);
        // Column 1's credit from the appended tree: the leaf reached minus the root's mean 0.8.
        Assert.Equal(1 - 0.8, withTree[1] - without[1], 4);
        Assert.Equal(-1 - 0.8, withTree[3 + 1] - without[3 + 1], 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => TreeNode.Leaf(0, cover: 0));
    }

    [Fact]
    public void A_leaf_without_a_positive_finite_cover_cannot_be_made_in_any_way()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TreeNode.Leaf(0, cover: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TreeNode.Leaf(0, cover: double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TreeNode.LeafNode(0, 0));
        var leaf = new TreeNode.LeafNode(0.5, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => leaf with { LeafCover = double.PositiveInfinity });
        Assert.Equal(3, (leaf with { LeafCover = 3 }).Cover);
        Assert.Equal(2, leaf.Cover);
    }
}
