namespace RepaymentScoring.Models.Tests;

/// <summary>Generated tree ensembles (thresholds on a 0.1 grid, missing values sent both ways, covers that add up) and rows for them, some exactly at thresholds or missing.</summary>
internal static class RandomTrees
{
    public static TreeEnsemble Ensemble(int features, int trees, int maxDepth, int seed, float baseMargin = -0.4f)
    {
        var random = new Random(seed);
        return TreeEnsemble.Compile(features, baseMargin, [.. Enumerable.Range(0, trees).Select(_ => Tree(random, features, 1 + random.Next(maxDepth)))]);
    }

    public static FlatTree Tree(Random random, int features, int depth)
    {
        var feature = new List<int>();
        var threshold = new List<float>();
        var right = new List<bool>();
        var left = new List<int>();
        var rightChild = new List<int>();
        var leaves = new List<float>();
        var leafCovers = new List<float>();
        var innerCovers = new List<float>();
        (int Index, float Cover) Grow(int level)
        {
            if (level == depth || (level > 0 && random.NextDouble() < 0.25))
            {
                leaves.Add((float)Math.Round(random.NextDouble() - 0.5, 3));
                leafCovers.Add(1 + random.Next(50));
                return (~(leaves.Count - 1), leafCovers[^1]);
            }
            var index = feature.Count;
            feature.Add(random.Next(features));
            threshold.Add((float)Math.Round(random.NextDouble() * 10, 1));
            right.Add(random.NextDouble() < 0.5);
            left.Add(0); rightChild.Add(0); innerCovers.Add(0);
            var (l, lc) = Grow(level + 1);
            var (r, rc) = Grow(level + 1);
            left[index] = l; rightChild[index] = r; innerCovers[index] = lc + rc;
            return (index, lc + rc);
        }
        Grow(0);
        return new FlatTree([.. feature], [.. threshold], [.. right], [.. left], [.. rightChild], [.. leaves], [.. innerCovers, .. leafCovers]);
    }

    /// <summary>Rows on the thresholds' grid: a tenth missing, a tenth exactly at some split's threshold of that feature.</summary>
    public static float[] Rows(TreeEnsemble model, int count, int seed)
    {
        var random = new Random(seed);
        var thresholds = model.Source.SelectMany(t => t.Feature.Select((f, i) => (f, t.Threshold[i]))).ToList();
        var features = model.Features;
        var rows = new float[count * features];
        for (var r = 0; r < count; r++)
            for (var j = 0; j < features; j++)
            {
                var u = random.NextDouble();
                var at = thresholds.Where(t => t.f == j).ToList();
                rows[r * features + j] = u < 0.1 ? float.NaN
                    : u < 0.2 && at.Count > 0 ? at[random.Next(at.Count)].Item2
                    : (float)Math.Round(random.NextDouble() * 10, 2);
            }
        return rows;
    }
}
