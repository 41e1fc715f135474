namespace RepaymentScoring.Models.Trees;

/// <summary>Exact SHAP values of one row, computed in-process (the API explains every plan this way).</summary>
public sealed partial class TreeEnsemble
{
    /// <summary>
    /// Exact SHAP values of one row's margin (path-dependent TreeSHAP over the node covers): the last of the <see cref="Features"/> + 1 values is the bias, and they sum to the
    /// margin. Each leaf's part of every value depends on the row only through which of the leaf's
    /// path features the row follows the path on (a pattern of m bits for a leaf testing m features), so a row
    /// costs a comparison per node and, per leaf, a few additions read from a table built once per
    /// model (leaves testing at most <see cref="MaxTableFeatures"/> features) or O(m^2) arithmetic for
    /// deeper leaves (<see cref="ShapTable"/>); a tree with a leaf testing more than 30 features is walked.
    /// </summary>
    public float[] Contributions(ReadOnlySpan<float> row)
    {
        if (row.Length != Features)
            throw new ArgumentException($"{row.Length} values for a model of {Features} features.", nameof(row));
        var table = Table;
        var phi = new float[Features + 1];
        var right = table.LargestTree <= 1024 ? stackalloc byte[table.LargestTree] : new byte[table.LargestTree];
        var scratch = _maxDepth <= 40 ? stackalloc double[3 * (_maxDepth + 1)] : new double[3 * (_maxDepth + 1)];
        var walk = _walk;
        PathElement[]? path = null;
        // The table's arrays in locals: the loops below index them millions of times a second.
        var (leafStart, slotsOf, entryStart, entryNode, entryRight, entrySlot, featureStart, slotFeature, coefficientStart, coefficients) =
            (table.LeafStart, table.Slots, table.EntryStart, table.EntryNode, table.EntryRight, table.EntrySlot,
             table.FeatureStart, table.SlotFeature, table.CoefficientStart, table.Coefficients);
        for (var t = 0; t < _roots.Length; t++)
        {
            var root = _roots[t];
            phi[Features] += _means[root];
            if (table.Walked[t])
            {
                var depth = _maxDepth + 2;
                path ??= new PathElement[depth * (depth + 1) / 2];
                TreeShap(row, phi, root, 0, path, 0, 1, 1, -1);
                continue;
            }
            var end = t + 1 < _roots.Length ? _roots[t + 1] : walk.Length;
            for (var n = root; n < end; n++)
            {
                // _walk's leaves test feature 0 against NaN, which no value passes: no branch for them.
                ref readonly var node = ref walk[n];
                right[n - root] = (byte)(node.Next(row[node.Feature]) - node.Left);
            }
            for (var leaf = leafStart[t]; leaf < leafStart[t + 1]; leaf++)
            {
                var slots = slotsOf[leaf];
                var mask = (1 << slots) - 1;
                for (var e = entryStart[leaf]; e < entryStart[leaf + 1]; e++)
                    mask &= ~((right[entryNode[e]] ^ entryRight[e]) << entrySlot[e]); // a condition not met clears its slot's bit
                var features = slotFeature.AsSpan(featureStart[leaf], slots);
                if (coefficientStart[leaf] < 0)
                {
                    AddLeafValues(phi, table.LeafValue[leaf], table.Zero.AsSpan(featureStart[leaf], slots), features, mask, scratch);
                    continue;
                }
                var values = coefficients.AsSpan(coefficientStart[leaf] + mask * slots, slots);
                for (var j = 0; j < values.Length; j++) phi[features[j]] += values[j];
            }
        }
        phi[Features] += _baseMargin;
        return phi;
    }

    /// <summary>Leaves testing more features than this have their values computed per row, not tabulated (a leaf's table holds 2^m x m values).</summary>
    public const int MaxTableFeatures = 8;

    /// <summary>A tree with a leaf testing more features than a pattern has bits (an int's) is walked (<see cref="TreeShap"/>).</summary>
    private const int MaxPatternFeatures = 30;

    /// <summary>Values every table together may hold (32 MB); beyond it only the leaves testing fewer features are tabulated.</summary>
    public const int MaxTableValues = 8_000_000;

    private ShapTable? _shapTable;

    /// <summary>How many leaves <see cref="Contributions"/> computes per row rather than reads from a table (building the tables if needed).</summary>
    public int ComputedLeaves => Table.CoefficientStart.Count(c => c < 0);

    /// <summary>Built on the first explanation: only the response model is ever explained.</summary>
    private ShapTable Table => LazyInitializer.EnsureInitialized(ref _shapTable, () => ShapTable.Build(this));

    /// <summary>
    /// Adds one leaf's part of every value given the pattern <paramref name="mask"/> (bit k: the row
    /// follows the path on slot k's feature), by the formula <see cref="ShapTable"/> tabulates. With A
    /// the followed slots (a of them), B the others and e_r the elementary symmetric polynomials of
    /// A's z: each slot in B gets -v prod_B z sum_s w(s) e_{a-s}; a slot j in A gets
    /// v (1 - z_j) prod_B z sum_s w(s) q_{a-1-s}, q being e with z_j divided out (q_r = e_r - z_j q_{r-1}).
    /// </summary>
    private static void AddLeafValues(float[] phi, float value, ReadOnlySpan<double> zero, ReadOnlySpan<int> features, int mask, Span<double> scratch)
    {
        var m = zero.Length;
        var symmetric = scratch[..(m + 1)];
        var quotient = scratch.Slice(m + 1, m + 1);
        var weight = scratch.Slice(2 * (m + 1), m);
        symmetric.Clear();
        symmetric[0] = 1;
        var met = 0;
        double unmet = 1;
        for (var k = 0; k < m; k++)
        {
            if ((mask & (1 << k)) == 0) { unmet *= zero[k]; continue; }
            met++;
            for (var r = met; r >= 1; r--) symmetric[r] += symmetric[r - 1] * zero[k];
        }
        weight[0] = 1.0 / m; // |S|! (m - |S| - 1)! / m!
        for (var size = 1; size < m; size++) weight[size] = weight[size - 1] * size / (m - size);
        if (met < m)
        {
            double sum = 0;
            for (var size = 0; size <= met; size++) sum += weight[size] * symmetric[met - size];
            var each = (float)(-value * unmet * sum);
            for (var k = 0; k < m; k++)
                if ((mask & (1 << k)) == 0) phi[features[k]] += each;
        }
        for (var j = 0; j < m; j++)
        {
            if ((mask & (1 << j)) == 0) continue;
            quotient[0] = 1;
            for (var r = 1; r < met; r++) quotient[r] = symmetric[r] - zero[j] * quotient[r - 1];
            double sum = 0;
            for (var size = 0; size < met; size++) sum += weight[size] * quotient[met - 1 - size];
            phi[features[j]] += (float)(value * (1 - zero[j]) * unmet * sum);
        }
    }

    /// <summary>
    /// For every leaf of every tree: its path's conditions (node, the side the path takes, the
    /// feature's slot among the leaf's distinct features), each slot's z (the share of the training
    /// cover that follows the path at that feature's nodes, the product over them) and, for leaves
    /// testing at most <see cref="MaxTableFeatures"/> features, for each pattern of met conditions
    /// (a bit per slot: the row meets all of that feature's conditions) and each slot j, the leaf's
    /// part of feature j's SHAP value: v (o_j - z_j) sum over S in the other slots of
    /// |S|! (m - |S| - 1)! / m! prod_{k in S} o_k prod_{k not in S, k != j} z_k, with o_k the
    /// pattern's bit: the Shapley values of E[leaf | the features in S known], as TreeSHAP computes.
    /// </summary>
    private sealed class ShapTable
    {
        public required bool[] Walked { get; init; }
        public required int LargestTree { get; init; }
        public required int[] LeafStart { get; init; }
        public required int[] Slots { get; init; }
        public required float[] LeafValue { get; init; }
        public required int[] EntryStart { get; init; }
        public required int[] EntryNode { get; init; }
        public required byte[] EntryRight { get; init; }
        public required byte[] EntrySlot { get; init; }
        public required int[] FeatureStart { get; init; }
        public required int[] SlotFeature { get; init; }
        public required double[] Zero { get; init; }
        /// <summary>Where a leaf's table starts in <see cref="Coefficients"/>; -1 for a leaf computed per row.</summary>
        public required int[] CoefficientStart { get; init; }
        public required float[] Coefficients { get; init; }

        public static ShapTable Build(TreeEnsemble model)
        {
            var nodes = model._nodes;
            var covers = model._covers;
            var trees = model._roots.Length;
            var leafStart = new List<int> { 0 };
            List<int> slots = [], entryStart = [0], entryNode = [], featureStart = [0], slotFeature = [], coefficientStart = [];
            List<byte> entryRight = [], entrySlot = [];
            List<double> zeros = [];
            List<float> leafValue = [];
            var coefficients = new List<float>();
            // Every tree's leaves and their paths, and each leaf's number of distinct features.
            var treeLeaves = model._roots.Select(root =>
            {
                var leaves = new List<(int Leaf, List<(int Node, bool Right)> Path)>();
                Collect(nodes, root, [], leaves);
                return leaves.Select(l => (l.Leaf, l.Path, Distinct: l.Path.Select(p => nodes[p.Node].Feature).Distinct().Count())).ToList();
            }).ToList();
            // The most features a tabulated leaf may test: as many as the budget allows, decided before computing any table.
            var tabulated = MaxTableFeatures;
            while (tabulated > 0 && treeLeaves.Sum(leaves => leaves.Sum(l => l.Distinct <= tabulated ? (long)(1 << l.Distinct) * l.Distinct : 0)) > MaxTableValues)
                tabulated--;
            var largest = 0;
            var walked = new bool[trees];
            for (var t = 0; t < trees; t++)
            {
                var root = model._roots[t];
                var end = t + 1 < trees ? model._roots[t + 1] : nodes.Length;
                largest = Math.Max(largest, end - root);
                walked[t] = treeLeaves[t].Any(l => l.Distinct > MaxPatternFeatures);
                if (walked[t])
                {
                    leafStart.Add(slots.Count);
                    continue;
                }
                foreach (var (leaf, path, distinct) in treeLeaves[t])
                {
                    var features = new List<int>();
                    var zero = new List<double>();
                    foreach (var (node, goesRight) in path)
                    {
                        var feature = nodes[node].Feature;
                        var slot = features.IndexOf(feature);
                        if (slot < 0) { slot = features.Count; features.Add(feature); zero.Add(1); }
                        var child = goesRight ? nodes[node].Right : nodes[node].Left;
                        zero[slot] *= (double)covers[child] / covers[node];
                        entryNode.Add(node - root);
                        entryRight.Add((byte)(goesRight ? 1 : 0));
                        entrySlot.Add((byte)slot);
                    }
                    slots.Add(features.Count);
                    slotFeature.AddRange(features);
                    zeros.AddRange(zero);
                    leafValue.Add(nodes[leaf].Value);
                    if (distinct <= tabulated)
                    {
                        coefficientStart.Add(coefficients.Count);
                        coefficients.AddRange(LeafCoefficients(nodes[leaf].Value, zero));
                    }
                    else
                        coefficientStart.Add(-1);
                    entryStart.Add(entryNode.Count);
                    featureStart.Add(slotFeature.Count);
                }
                leafStart.Add(slots.Count);
            }
            return new ShapTable
            {
                Walked = walked, LargestTree = largest, LeafStart = [.. leafStart], Slots = [.. slots], LeafValue = [.. leafValue], EntryStart = [.. entryStart],
                EntryNode = [.. entryNode], EntryRight = [.. entryRight], EntrySlot = [.. entrySlot], FeatureStart = [.. featureStart],
                SlotFeature = [.. slotFeature], Zero = [.. zeros], CoefficientStart = [.. coefficientStart], Coefficients = [.. coefficients],
            };
        }

        private static void Collect(Node[] nodes, int node, List<(int, bool)> path, List<(int, List<(int Node, bool Right)>)> leaves)
        {
            if (nodes[node].Feature < 0)
            {
                leaves.Add((node, [.. path]));
                return;
            }
            path.Add((node, false));
            Collect(nodes, nodes[node].Left, path, leaves);
            path[^1] = (node, true);
            Collect(nodes, nodes[node].Right, path, leaves);
            path.RemoveAt(path.Count - 1);
        }

        /// <summary>
        /// The leaf's coefficients, pattern by pattern (2^m), slot by slot (m), in double then stored as
        /// float. The sum over S runs over subsets of the met slots A (an unmet slot in S makes the product
        /// 0) and every unmet slot B multiplies by its z: sum_s w(s) e_{|A|-s}(z_A) prod_B z, with e_r the
        /// elementary symmetric polynomials of A's z (which |A| - s slots stay out of S), O(m^2) a value.
        /// </summary>
        private static float[] LeafCoefficients(float value, List<double> zero)
        {
            var m = zero.Count;
            var weight = new double[m]; // |S|! (m - |S| - 1)! / m!
            for (var s = 0; s < m; s++) weight[s] = Factorial(s) * Factorial(m - s - 1) / Factorial(m);
            var result = new float[(1 << m) * m];
            var symmetric = new double[m];
            for (var mask = 0; mask < 1 << m; mask++)
                for (var j = 0; j < m; j++)
                {
                    Array.Clear(symmetric);
                    symmetric[0] = 1;
                    var met = 0;
                    double unmet = 1;
                    for (var k = 0; k < m; k++)
                    {
                        if (k == j) continue;
                        if ((mask & (1 << k)) == 0) { unmet *= zero[k]; continue; }
                        met++;
                        for (var r = met; r >= 1; r--) symmetric[r] += symmetric[r - 1] * zero[k];
                    }
                    double sum = 0;
                    for (var size = 0; size <= met; size++) sum += weight[size] * symmetric[met - size];
                    var one = (mask >> j) & 1;
                    result[mask * m + j] = (float)(value * (one - zero[j]) * sum * unmet);
                }
            return result;
        }

        private static double Factorial(int n)
        {
            double f = 1;
            for (var i = 2; i <= n; i++) f *= i;
            return f;
        }
    }

    /// <summary>
    /// The same values as <see cref="Contributions"/> by the path walk (path-dependent TreeSHAP,
    /// Lundberg et al. 2018, Algorithm 2, as XGBoost's <c>RegTree::TreeShap</c> writes it, in float,
    /// each tree's values added on their own): the reference the tables are tested against.
    /// </summary>
    public float[] ContributionsByPathWalk(ReadOnlySpan<float> row)
    {
        if (row.Length != Features)
            throw new ArgumentException($"{row.Length} values for a model of {Features} features.", nameof(row));
        var phi = new float[Features + 1];
        var tree = new float[Features + 1]; // one tree's values, added to phi tree by tree
        var depth = _maxDepth + 2;
        var size = depth * (depth + 1) / 2;
        var path = size <= 256 ? stackalloc PathElement[size] : new PathElement[size]; // 256: trees up to 20 deep
        for (var t = 0; t < _roots.Length; t++)
        {
            tree[Features] = _means[_roots[t]];
            TreeShap(row, tree, _roots[t], 0, path, 0, 1, 1, -1);
            for (var f = 0; f <= Features; f++) phi[f] += tree[f];
            Array.Clear(tree);
        }
        phi[Features] += _baseMargin;
        return phi;
    }

    /// <summary>One element of a TreeSHAP path: a feature, the shares of the paths that follow it without and with the feature known, and the permutation weight.</summary>
    private struct PathElement
    {
        public int Feature;
        public float Zero;
        public float One;
        public float Weight;
    }

    private void TreeShap(ReadOnlySpan<float> row, Span<float> phi, int node, int depth, Span<PathElement> buffer, int parentAt,
        float parentZero, float parentOne, int parentFeature)
    {
        // This level's path follows its parent's in the buffer.
        var at = parentAt + depth + (parentFeature < 0 ? 0 : 1);
        if (parentFeature >= 0) buffer.Slice(parentAt, depth).CopyTo(buffer[at..]);
        var path = buffer[at..];
        Extend(path, depth, parentZero, parentOne, parentFeature);
        var n = _nodes[node];
        if (n.Feature < 0)
        {
            for (var i = 1; i <= depth; i++)
            {
                var w = UnwoundPathSum(path, depth, i);
                phi[path[i].Feature] += w * (path[i].One - path[i].Zero) * n.Value;
            }
            return;
        }
        var hot = n.Next(row[n.Feature]);
        var cold = hot == n.Left ? n.Right : n.Left;
        var cover = _covers[node];
        var hotZero = _covers[hot] / cover;
        var coldZero = _covers[cold] / cover;
        float incomingZero = 1, incomingOne = 1;
        // A feature split on higher up: undo that split so it can be redone here.
        var index = 0;
        while (index <= depth && path[index].Feature != n.Feature) index++;
        if (index <= depth)
        {
            incomingZero = path[index].Zero;
            incomingOne = path[index].One;
            Unwind(path, depth, index);
            depth--;
        }
        TreeShap(row, phi, hot, depth + 1, buffer, at, hotZero * incomingZero, incomingOne, n.Feature);
        TreeShap(row, phi, cold, depth + 1, buffer, at, coldZero * incomingZero, 0, n.Feature);
    }

    private static void Extend(Span<PathElement> path, int depth, float zero, float one, int feature)
    {
        path[depth] = new PathElement { Feature = feature, Zero = zero, One = one, Weight = depth == 0 ? 1f : 0f };
        for (var i = depth - 1; i >= 0; i--)
        {
            path[i + 1].Weight += one * path[i].Weight * (i + 1) / (float)(depth + 1);
            path[i].Weight = zero * path[i].Weight * (depth - i) / (float)(depth + 1);
        }
    }

    private static void Unwind(Span<PathElement> path, int depth, int index)
    {
        var one = path[index].One;
        var zero = path[index].Zero;
        var next = path[depth].Weight;
        for (var i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var previous = path[i].Weight;
                path[i].Weight = next * (depth + 1) / ((i + 1) * one);
                next = previous - path[i].Weight * zero * (depth - i) / (float)(depth + 1);
            }
            else
                path[i].Weight = path[i].Weight * (depth + 1) / (zero * (depth - i));
        }
        for (var i = index; i < depth; i++)
        {
            path[i].Feature = path[i + 1].Feature;
            path[i].Zero = path[i + 1].Zero;
            path[i].One = path[i + 1].One;
        }
    }

    private static float UnwoundPathSum(Span<PathElement> path, int depth, int index)
    {
        var one = path[index].One;
        var zero = path[index].Zero;
        var next = path[depth].Weight;
        var total = 0f;
        for (var i = depth - 1; i >= 0; i--)
        {
            if (one != 0)
            {
                var part = next * (depth + 1) / ((i + 1) * one);
                total += part;
                next = path[i].Weight - part * zero * ((depth - i) / (float)(depth + 1));
            }
            else if (zero != 0)
                total += path[i].Weight / zero / ((depth - i) / (float)(depth + 1));
        }
        return total;
    }

}
