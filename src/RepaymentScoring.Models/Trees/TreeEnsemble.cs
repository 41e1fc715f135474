using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RepaymentScoring.Models.Trees;

/// <summary>
/// A trained binary-logistic tree ensemble compiled to flat arrays for prediction in-process, with the
/// rules ML.NET's trees follow: a row goes left when its value is at or below the split (x &lt;= t),
/// right when above; a missing value goes the split's missing-value way (right unless the tree says
/// otherwise). Margins are summed in float from the base margin, then the sigmoid; the calibrator of
/// the ML.NET model is folded into the leaf values and the base margin (<see cref="FlatTree"/>).
/// Why: the planner predicts a few dozen rows at a time and its rows share the account's state, so a
/// tree is walked once per account and parts only where it splits on an action column
/// (<see cref="PredictSharingPrefix"/>); one row's exact SHAP values and approximate contributions
/// are computed here too (<see cref="Contributions"/>, <see cref="ApproximateContributions"/>).
/// </summary>
public sealed partial class TreeEnsemble
{
    /// <summary>
    /// One node in one array, its children side by side (Left, Left + 1), so a step is arithmetic
    /// rather than a branch. Feature -1: a leaf, Value its weight. DefaultRight: 1 when a missing value
    /// goes right (NaN compares false, so "x &gt; Value" alone sends it left).
    /// </summary>
    private readonly record struct Node(int Feature, float Value, int Left, int DefaultRight)
    {
        public int Right => Left + 1;
        public int Next(float x) => Left + ((x > Value ? 1 : 0) | ((float.IsNaN(x) ? 1 : 0) & DefaultRight));
    }

    private readonly int[] _roots;
    private readonly Node[] _nodes;
    private readonly Node[] _walk; // _nodes with every leaf a self-loop (feature 0, split NaN: no value goes on), for the lock-step walk
    private readonly int[] _laneDepths; // the deepest tree of each group of Lanes consecutive trees
    private readonly float[] _means; // each node's cover-weighted mean leaf value, as approximate contributions use
    private readonly float[] _covers; // each node's cover (rows of the fitting data below it), which exact SHAP splits the paths by
    private readonly int _maxDepth;
    private readonly float _baseMargin;
    private readonly IReadOnlyList<FlatTree> _source;

    private TreeEnsemble(int features, float baseMargin, int[] roots, Node[] nodes, float[] means, float[] covers, IReadOnlyList<FlatTree> source)
    {
        _means = means;
        _covers = covers;
        _source = source;
        Features = features;
        _baseMargin = baseMargin;
        _roots = roots;
        _nodes = nodes;
        // The lock-step walk reads row values unchecked: every split must name a column of the row.
        if (nodes.Any(n => n.Feature >= features))
            throw new InvalidDataException($"A split names a feature beyond the model's {features}.");
        _walk = [.. nodes.Select((n, i) => n.Feature < 0 ? new Node(0, float.NaN, i, 0) : n)];
        _maxDepth = roots.Length == 0 ? 0 : roots.Max(r => DepthOf(nodes, r));
        _laneDepths = new int[roots.Length / Lanes];
        for (var g = 0; g < _laneDepths.Length; g++)
            for (var t = g * Lanes; t < (g + 1) * Lanes; t++)
                _laneDepths[g] = Math.Max(_laneDepths[g], DepthOf(nodes, roots[t]));
    }

    private static int DepthOf(Node[] nodes, int index) =>
        nodes[index].Feature < 0 ? 0 : 1 + Math.Max(DepthOf(nodes, nodes[index].Left), DepthOf(nodes, nodes[index].Right));

    public int Features { get; }
    public int Trees => _roots.Length;
    public float BaseMargin => _baseMargin;

    /// <summary>The trees this ensemble was compiled from, in order (with their covers).</summary>
    public IReadOnlyList<FlatTree> Source => _source;

    /// <summary>The first <paramref name="trees"/> trees (the rounds early stopping keeps).</summary>
    public TreeEnsemble Take(int trees) => Compile(Features, _baseMargin, _source.Take(trees).ToList());

    /// <summary>This ensemble with <paramref name="tree"/> added as one more tree: each row's margin moves by the leaf it reaches.</summary>
    public TreeEnsemble Append(FlatTree tree) => Compile(Features, _baseMargin, [.. _source, tree]);

    /// <summary>The same trees with each node's cover counted from <paramref name="rows"/> (the rows the model was fitted on).</summary>
    public TreeEnsemble WithCovers(ReadOnlySpan<float> rows, int count) =>
        Compile(Features, _baseMargin, FlatTree.WithCovers(_source, rows, count, Features));

    /// <inheritdoc cref="WithCovers(ReadOnlySpan{float}, int)"/>
    public TreeEnsemble WithCovers(int count, RowAt rowAt, int threads = 1) => Compile(Features, _baseMargin, FlatTree.WithCovers(_source, count, rowAt, threads));

    /// <summary>Compiles trees given in ML.NET's layout (<see cref="FlatTree"/>), leaf values already on the margin scale.</summary>
    /// <exception cref="NotSupportedException">A tree deeper than the walk's fixed stack.</exception>
    public static TreeEnsemble Compile(int features, float baseMargin, IReadOnlyList<FlatTree> trees)
    {
        var roots = new List<int>();
        var feature = new List<int>();
        var value = new List<float>();
        var left = new List<int>();
        var right = new List<int>();
        var defaultLeft = new List<bool>();
        var cover = new List<float>();
        foreach (var tree in trees)
        {
            tree.Validate(features);
            var offset = feature.Count;
            var inner = tree.Feature.Length;
            roots.Add(offset);
            int Index(int child) => child >= 0 ? offset + child : offset + inner + ~child;
            for (var n = 0; n < inner; n++)
            {
                feature.Add(tree.Feature[n]);
                value.Add(tree.Threshold[n]);
                left.Add(Index(tree.Left[n]));
                right.Add(Index(tree.Right[n]));
                defaultLeft.Add(!tree.MissingGoesRight[n]);
                cover.Add(tree.Cover[n]);
            }
            for (var l = 0; l < tree.LeafValue.Length; l++)
            {
                feature.Add(-1);
                value.Add(tree.LeafValue[l]);
                left.Add(-1);
                right.Add(-1);
                defaultLeft.Add(true);
                cover.Add(tree.Cover[inner + l]);
            }
        }
        // The walk keeps one pending branch per level on a fixed stack.
        for (var t = 0; t < roots.Count; t++)
            if (Depth(roots[t], left, right) > MaxDepth)
                throw new NotSupportedException($"Tree {t} is deeper than {MaxDepth} levels.");
        var mean = new float[feature.Count];
        foreach (var root in roots) MeanValue(root, left, right, value, cover, mean);
        // Renumbered breadth first with each node's children side by side.
        var nodes = new List<Node>(feature.Count);
        var means = new List<float>(feature.Count);
        var nodeCovers = new List<float>(feature.Count);
        var newRoots = new int[roots.Count];
        for (var t = 0; t < roots.Count; t++)
        {
            var offset = nodes.Count;
            newRoots[t] = offset;
            var order = new List<int> { roots[t] };
            var children = new List<int>();
            for (var i = 0; i < order.Count; i++)
            {
                var old = order[i];
                children.Add(left[old] < 0 ? -1 : offset + order.Count);
                if (left[old] >= 0) { order.Add(left[old]); order.Add(right[old]); }
            }
            for (var i = 0; i < order.Count; i++)
            {
                var old = order[i];
                nodes.Add(new Node(feature[old], value[old], children[i], defaultLeft[old] ? 0 : 1));
                means.Add(mean[old]);
                nodeCovers.Add(cover[old]);
            }
        }
        return new TreeEnsemble(features, baseMargin, newRoots, [.. nodes], [.. means], [.. nodeCovers], trees);
    }

    /// <summary>A leaf's value, or its children's means weighted by their covers (in float, as TreeSHAP's node means are).</summary>
    private static float MeanValue(int node, List<int> left, List<int> right, List<float> value, List<float> cover, float[] mean)
    {
        float result;
        if (left[node] < 0) result = value[node];
        else
        {
            result = MeanValue(left[node], left, right, value, cover, mean) * cover[left[node]];
            result += MeanValue(right[node], left, right, value, cover, mean) * cover[right[node]];
            result /= cover[node];
        }
        mean[node] = result;
        return result;
    }

    /// <summary>
    /// Approximate feature contributions of one row to its margin (Saabas): along the row's path through each
    /// tree, every split credits its feature with the change of the mean value below it. The last of
    /// the <see cref="Features"/> + 1 values is the bias (the base margin and each root's mean); they
    /// sum to the margin. A walk per tree, far cheaper than exact SHAP: the batch's reasons.
    /// </summary>
    public float[] ApproximateContributions(ReadOnlySpan<float> row)
    {
        if (row.Length != Features)
            throw new ArgumentException($"{row.Length} values for a model of {Features} features.", nameof(row));
        var contributions = new float[Features + 1];
        contributions[Features] = _baseMargin;
        var nodes = _nodes;
        foreach (var root in _roots)
        {
            var index = root;
            var current = _means[index];
            contributions[Features] += current;
            while (nodes[index].Feature >= 0)
            {
                var feature = nodes[index].Feature;
                index = nodes[index].Next(row[feature]);
                var next = _means[index];
                contributions[feature] += next - current;
                current = next;
            }
        }
        return contributions;
    }

    private const int MaxDepth = 60;

    private static int Depth(int node, List<int> left, List<int> right) =>
        left[node] < 0 ? 0 : 1 + Math.Max(Depth(left[node], left, right), Depth(right[node], left, right));

    /// <summary>Probabilities of <paramref name="count"/> dense row-major rows, each walked down every tree on its own.</summary>
    public float[] Predict(ReadOnlySpan<float> rows, int count)
    {
        if (rows.Length != count * Features)
            throw new ArgumentException($"{rows.Length} values do not fill {count} x {Features}.", nameof(rows));
        var result = new float[count];
        for (var r = 0; r < count; r++)
            result[r] = 1f / (1f + MathF.Exp(-Margin(rows.Slice(r * Features, Features))));
        return result;
    }

    /// <summary>
    /// The weighted mean log loss of <paramref name="count"/> rows after each number of trees (element
    /// k: the first k + 1 trees), for choosing the rounds out of time; <paramref name="stopAfter"/>
    /// rounds without a new best end the count early (the rest is NaN).
    /// </summary>
    public double[] LogLossByRound(ReadOnlySpan<float> rows, int count, ReadOnlySpan<float> labels, ReadOnlySpan<float> weights, int stopAfter = 0)
    {
        if (rows.Length != count * Features)
            throw new ArgumentException($"{rows.Length} values do not fill {count} x {Features}.", nameof(rows));
        var margin = new float[count];
        Array.Fill(margin, _baseMargin);
        var loss = new double[_roots.Length];
        Array.Fill(loss, double.NaN);
        double totalWeight = 0;
        for (var r = 0; r < count; r++) totalWeight += weights.IsEmpty ? 1 : weights[r];
        if (count == 0 || totalWeight <= 0) return loss;
        var best = double.PositiveInfinity;
        var bestRound = 0;
        for (var t = 0; t < _roots.Length; t++)
        {
            double sum = 0;
            for (var r = 0; r < count; r++)
            {
                var row = rows.Slice(r * Features, Features);
                var node = _nodes[_roots[t]];
                while (node.Feature >= 0) node = _nodes[node.Next(row[node.Feature])];
                margin[r] += node.Value;
                var p = Math.Clamp(1.0 / (1.0 + Math.Exp(-margin[r])), 1e-15, 1 - 1e-15);
                sum += (weights.IsEmpty ? 1 : weights[r]) * (labels[r] > 0.5f ? -Math.Log(p) : -Math.Log(1 - p));
            }
            loss[t] = sum / totalWeight;
            if (loss[t] < best) { best = loss[t]; bestRound = t; }
            else if (stopAfter > 0 && t - bestRound >= stopAfter) break;
        }
        return loss;
    }

    /// <summary>Margins (log-odds) of <paramref name="count"/> dense row-major rows.</summary>
    public float[] PredictMargins(ReadOnlySpan<float> rows, int count)
    {
        if (rows.Length != count * Features)
            throw new ArgumentException($"{rows.Length} values do not fill {count} x {Features}.", nameof(rows));
        var result = new float[count];
        for (var r = 0; r < count; r++) result[r] = Margin(rows.Slice(r * Features, Features));
        return result;
    }

    private const int Lanes = 8;

    /// <summary>
    /// One row's margin. A walk down a tree is a chain of dependent loads, so <see cref="Lanes"/> trees
    /// are walked in lock step (as deep as the deepest of them; a leaf loops on itself) and their
    /// memory waits overlap: the single-row propensity prediction of every plan is 590 trees deep 6.
    /// Leaves are added in tree order, as one walk at a time would.
    /// </summary>
    private float Margin(ReadOnlySpan<float> row)
    {
        ref var walk = ref MemoryMarshal.GetArrayDataReference(_walk);
        ref var x = ref MemoryMarshal.GetReference(row);
        var roots = _roots;
        var nodes = _nodes;
        var margin = _baseMargin;
        var t = 0;
        for (var g = 0; g < _laneDepths.Length; g++, t += Lanes)
        {
            // Unrolled by hand: in a loop over a span the lanes live in memory and most of the gain goes.
            int n0 = roots[t], n1 = roots[t + 1], n2 = roots[t + 2], n3 = roots[t + 3];
            int n4 = roots[t + 4], n5 = roots[t + 5], n6 = roots[t + 6], n7 = roots[t + 7];
            for (var step = _laneDepths[g]; step > 0; step--)
            {
                n0 = Step(ref walk, n0, ref x);
                n1 = Step(ref walk, n1, ref x);
                n2 = Step(ref walk, n2, ref x);
                n3 = Step(ref walk, n3, ref x);
                n4 = Step(ref walk, n4, ref x);
                n5 = Step(ref walk, n5, ref x);
                n6 = Step(ref walk, n6, ref x);
                n7 = Step(ref walk, n7, ref x);
            }
            margin += nodes[n0].Value;
            margin += nodes[n1].Value;
            margin += nodes[n2].Value;
            margin += nodes[n3].Value;
            margin += nodes[n4].Value;
            margin += nodes[n5].Value;
            margin += nodes[n6].Value;
            margin += nodes[n7].Value;
        }
        for (; t < roots.Length; t++)
        {
            var node = nodes[roots[t]];
            while (node.Feature >= 0) node = nodes[node.Next(row[node.Feature])];
            margin += node.Value;
        }
        return margin;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(ref Node walk, int index, ref float row)
    {
        ref var node = ref Unsafe.Add(ref walk, index);
        return node.Next(Unsafe.Add(ref row, node.Feature));
    }

    /// <summary>
    /// Probabilities of rows whose first <paramref name="shared"/> values are the same in every row
    /// (one account's state, several actions): each tree is walked once for all of them and splits them
    /// only at nodes on the other columns.
    /// </summary>
    public float[] PredictSharingPrefix(ReadOnlySpan<float> rows, int count, int shared)
    {
        if (rows.Length != count * Features)
            throw new ArgumentException($"{rows.Length} values do not fill {count} x {Features}.", nameof(rows));
        var margin = new float[count];
        if (count == 0) return margin;
        Array.Fill(margin, _baseMargin);
        Span<int> order = count <= 256 ? stackalloc int[count] : new int[count];
        Span<(int Node, int From, int To)> stack = stackalloc (int, int, int)[MaxDepth + 4];
        for (var i = 0; i < count; i++) order[i] = i;
        // A tree's walk only permutes order within the ranges it parts, so each tree starts from the
        // permutation the last one left: any order of the rows will do, the sums are by row.
        foreach (var root in _roots)
        {
            var top = 0;
            stack[top++] = (root, 0, count);
            while (top > 0)
            {
                var (index, from, to) = stack[--top];
                while (true)
                {
                    var node = _nodes[index];
                    var f = node.Feature;
                    if (f < 0)
                    {
                        if (to - from == count) AddToAll(margin, node.Value); // the tree did not part the rows
                        else for (var k = from; k < to; k++) margin[order[k]] += node.Value;
                        break;
                    }
                    if (f < shared)
                    {
                        index = node.Next(rows[order[from] * Features + f]);
                        continue;
                    }
                    // Parts the rows in place: those going left first.
                    var split = from;
                    for (var k = from; k < to; k++)
                        if (node.Next(rows[order[k] * Features + f]) == node.Left)
                            (order[k], order[split]) = (order[split++], order[k]);

                    if (split == from) { index = node.Right; continue; }
                    if (split == to) { index = node.Left; continue; }
                    stack[top++] = (node.Right, split, to);
                    index = node.Left;
                    to = split;
                }
            }
        }
        for (var i = 0; i < count; i++) margin[i] = 1f / (1f + MathF.Exp(-margin[i]));
        return margin;
    }

    /// <summary>Adds <paramref name="value"/> to every element, a vector at a time (each element gets the one float addition a loop would make).</summary>
    private static void AddToAll(float[] values, float value)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var add = new Vector<float>(value);
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(values, i) + add).CopyTo(values, i);
        }
        for (; i < values.Length; i++) values[i] += value;
    }
}
