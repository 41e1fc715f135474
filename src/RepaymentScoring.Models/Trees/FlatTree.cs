namespace RepaymentScoring.Models.Trees;

/// <summary>Row <paramref name="index"/> of a set of rows, wherever they are stored.</summary>
public delegate ReadOnlySpan<float> RowAt(int index);

/// <summary>
/// One regression tree in ML.NET's layout: internal nodes 0..k-1, each with a feature, a threshold
/// (a row goes left when its value is at or below it) and the way a missing value goes; a child below
/// zero is leaf <c>~child</c>. Leaf values are on the margin (log-odds) scale. <see cref="Cover"/>:
/// the rows of the fitting data below each node, internal nodes first, then leaves; exact SHAP and
/// approximate contributions weigh the branches by it.
/// </summary>
public sealed record FlatTree(int[] Feature, float[] Threshold, bool[] MissingGoesRight, int[] Left, int[] Right, float[] LeafValue, float[] Cover)
{
    /// <summary>A tree of one leaf (a constant).</summary>
    public static FlatTree Constant(float value, float cover = 1) => new([], [], [], [], [], [value], [cover]);

    public int Leaves => LeafValue.Length;

    /// <summary>The leaf a row reaches.</summary>
    public int LeafOf(ReadOnlySpan<float> row)
    {
        if (Feature.Length == 0) return 0;
        var node = 0;
        while (node >= 0)
        {
            var x = row[Feature[node]];
            node = x > Threshold[node] || (float.IsNaN(x) && MissingGoesRight[node]) ? Right[node] : Left[node];
        }
        return ~node;
    }

    internal void Validate(int features)
    {
        var inner = Feature.Length;
        if (Threshold.Length != inner || MissingGoesRight.Length != inner || Left.Length != inner || Right.Length != inner)
            throw new InvalidDataException("A tree's node arrays differ in length.");
        if (LeafValue.Length != inner + 1 || Cover.Length != inner + LeafValue.Length)
            throw new InvalidDataException($"A tree of {inner} splits needs {inner + 1} leaves and {2 * inner + 1} covers.");
        foreach (var f in Feature)
            if (f < 0 || f >= features) throw new InvalidDataException($"A split names feature {f} of a model with {features}.");
        foreach (var child in Left.Concat(Right))
            if (child >= inner || ~child >= LeafValue.Length) throw new InvalidDataException("A split names a node the tree does not have.");
        foreach (var c in Cover)
            if (!(c > 0) || !float.IsFinite(c)) throw new InvalidDataException($"A tree's covers must be positive numbers (one is {c}).");
    }

    /// <summary>Nodes no fitting row reached keep a token cover: contributions divide by covers.</summary>
    public const float EmptyCover = 1e-3f;

    /// <summary>Each tree with its covers counted from <paramref name="rows"/> (dense, row-major, <paramref name="features"/> wide).</summary>
    public static IReadOnlyList<FlatTree> WithCovers(IReadOnlyList<FlatTree> trees, ReadOnlySpan<float> rows, int count, int features)
    {
        if (rows.Length != count * features) throw new ArgumentException($"{rows.Length} values do not fill {count} x {features}.", nameof(rows));
        var copy = rows.ToArray();
        return WithCovers(trees, count, r => copy.AsSpan(r * features, features));
    }

    /// <summary>
    /// Each tree with its covers counted from <paramref name="count"/> rows read by <paramref name="rowAt"/>
    /// (no copy of them), the rows split among up to <paramref name="threads"/> threads (counts add up the same in any order).
    /// </summary>
    public static IReadOnlyList<FlatTree> WithCovers(IReadOnlyList<FlatTree> trees, int count, RowAt rowAt, int threads = 1)
    {
        var offsets = new int[trees.Count + 1];
        for (var t = 0; t < trees.Count; t++) offsets[t + 1] = offsets[t] + trees[t].Cover.Length;
        var total = new long[offsets[^1]];
        var parts = Math.Clamp(Math.Min(threads, count / 20_000), 1, 64);
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
        {
            var counts = new int[total.Length];
            for (var r = (int)((long)count * part / parts); r < (int)((long)count * (part + 1) / parts); r++)
            {
                var row = rowAt(r);
                for (var t = 0; t < trees.Count; t++)
                {
                    var tree = trees[t];
                    var at = offsets[t];
                    var inner = tree.Feature.Length;
                    if (inner == 0) { counts[at]++; continue; }
                    var node = 0;
                    while (node >= 0)
                    {
                        counts[at + node]++;
                        var x = row[tree.Feature[node]];
                        node = x > tree.Threshold[node] || (float.IsNaN(x) && tree.MissingGoesRight[node]) ? tree.Right[node] : tree.Left[node];
                    }
                    counts[at + inner + ~node]++;
                }
            }
            lock (total)
                for (var i = 0; i < total.Length; i++) total[i] += counts[i];
        });
        return trees.Select((t, i) => t with { Cover = Enumerable.Range(offsets[i], t.Cover.Length).Select(k => Math.Max(EmptyCover, (float)total[k])).ToArray() }).ToList();
    }
}
