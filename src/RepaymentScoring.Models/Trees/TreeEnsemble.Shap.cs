namespace RepaymentScoring.Models.Trees;

/// <summary>Exact SHAP values of one row, computed in-process (the API explains every plan this way).</summary>
public sealed partial class TreeEnsemble
{
    /// <summary>
    /// Exact SHAP values of one row's margin (path-dependent TreeSHAP over the node covers): the last of the <see cref="Features"/> + 1 values is the bias, and they sum to the
    /// margin. Each leaf's part of every value depends on the row only through which of the leaf's
    /// path conditions the row meets, so for trees whose leaves test at most
    /// <see cref="MaxTableFeatures"/> features it is tabulated once per model (<see cref="ShapTable"/>)
    /// and a row costs a comparison per node and a few additions per leaf; deeper trees are walked
    /// (<see cref="ContributionsByPathWalk"/>).
    /// </summary>
    public float[] Contributions(ReadOnlySpan<float> row)
    {
        if (row.Length != Features)
            throw new ArgumentException($"{row.Length} values for a model of {Features} features.", nameof(row));
        var table = Table;
        var phi = new float[Features + 1];
        var right = table.LargestTree <= 1024 ? stackalloc byte[table.LargestTree] : new byte[table.LargestTree];
        PathElement[]? path = null;
        var nodes = _nodes;
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
            var end = t + 1 < _roots.Length ? _roots[t + 1] : nodes.Length;
            for (var n = root; n < end; n++)
            {
                var node = nodes[n];
                right[n - root] = (byte)(node.Feature >= 0 && node.Next(row[node.Feature]) == node.Right ? 1 : 0);
            }
            for (var leaf = table.LeafStart[t]; leaf < table.LeafStart[t + 1]; leaf++)
            {
                var slots = table.Slots[leaf];
                var mask = (1 << slots) - 1;
                for (var e = table.EntryStart[leaf]; e < table.EntryStart[leaf + 1]; e++)
                    if (right[table.EntryNode[e]] != table.EntryRight[e]) mask &= ~(1 << table.EntrySlot[e]);
                var coefficients = table.CoefficientStart[leaf] + mask * slots;
                var features = table.FeatureStart[leaf];
                for (var j = 0; j < slots; j++) phi[table.SlotFeature[features + j]] += table.Coefficients[coefficients + j];
            }
        }
        phi[Features] += _baseMargin;
        return phi;
    }

    /// <summary>Leaves testing more features than this are walked, not tabulated (a leaf's table holds 2^m x m values).</summary>
    public const int MaxTableFeatures = 8;

    /// <summary>Values every table together may hold (32 MB); a larger model is walked tree by tree (a 600-tree model of depth 6 would need about 60 MB).</summary>
    public const int MaxTableValues = 8_000_000;

    private ShapTable? _shapTable;

    /// <summary>How many trees <see cref="Contributions"/> explains by tables rather than by walking them (building the tables if needed).</summary>
    public int TabulatedTrees => Table.Walked.Count(w => !w);

    /// <summary>Built on the first explanation: only the response model is ever explained.</summary>
    private ShapTable Table => LazyInitializer.EnsureInitialized(ref _shapTable, () => ShapTable.Build(this));

    /// <summary>
    /// For every leaf of every tabulated tree: its path's conditions (node, the side the path takes,
    /// the feature's slot among the leaf's distinct features) and, for each pattern of met conditions
    /// (a bit per slot: the row meets all of that feature's conditions) and each slot j, the leaf's
    /// part of feature j's SHAP value: v (o_j - z_j) sum over S in the other slots of
    /// |S|! (m - |S| - 1)! / m! prod_{k in S} o_k prod_{k not in S, k != j} z_k, where z_k is the share
    /// of the training cover that follows the path at feature k's nodes (the product over them) and o_k
    /// the pattern's bit: the Shapley values of E[leaf | the features in S known], as TreeSHAP computes.
    /// </summary>
    private sealed class ShapTable
    {
        public required bool[] Walked { get; init; }
        public required int LargestTree { get; init; }
        public required int[] LeafStart { get; init; }
        public required int[] Slots { get; init; }
        public required int[] EntryStart { get; init; }
        public required int[] EntryNode { get; init; }
        public required byte[] EntryRight { get; init; }
        public required byte[] EntrySlot { get; init; }
        public required int[] FeatureStart { get; init; }
        public required int[] SlotFeature { get; init; }
        public required int[] CoefficientStart { get; init; }
        public required float[] Coefficients { get; init; }

        public static ShapTable Build(TreeEnsemble model)
        {
            var nodes = model._nodes;
            var covers = model._covers;
            var trees = model._roots.Length;
            var walked = new bool[trees];
            var leafStart = new List<int> { 0 };
            List<int> slots = [], entryStart = [0], entryNode = [], featureStart = [0], slotFeature = [], coefficientStart = [0];
            List<byte> entryRight = [], entrySlot = [];
            var coefficients = new List<float>();
            // Every tree's leaves and their paths, and each leaf's number of distinct features.
            var treeLeaves = model._roots.Select(root =>
            {
                var leaves = new List<(int Leaf, List<(int Node, bool Right)> Path)>();
                Collect(nodes, root, [], leaves);
                return leaves.Select(l => (l.Leaf, l.Path, Distinct: l.Path.Select(p => nodes[p.Node].Feature).Distinct().Count())).ToList();
            }).ToList();
            // A model whose tables would pass the budget is walked whole, decided before computing any.
            var walkAll = treeLeaves.Sum(leaves => leaves.Sum(l => l.Distinct <= MaxTableFeatures ? (long)(1 << l.Distinct) * l.Distinct : 0)) > MaxTableValues;
            var largest = 0;
            for (var t = 0; t < trees; t++)
            {
                var root = model._roots[t];
                var end = t + 1 < trees ? model._roots[t + 1] : nodes.Length;
                largest = Math.Max(largest, end - root);
                var leaves = treeLeaves[t];
                if (walkAll || leaves.Any(l => l.Distinct > MaxTableFeatures))
                {
                    walked[t] = true;
                    leafStart.Add(slots.Count);
                    continue;
                }
                foreach (var (leaf, path, _) in leaves)
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
                    coefficients.AddRange(LeafCoefficients(nodes[leaf].Value, zero));
                    entryStart.Add(entryNode.Count);
                    featureStart.Add(slotFeature.Count);
                    coefficientStart.Add(coefficients.Count);
                }
                leafStart.Add(slots.Count);
            }
            return new ShapTable
            {
                Walked = walked, LargestTree = largest, LeafStart = [.. leafStart], Slots = [.. slots], EntryStart = [.. entryStart],
                EntryNode = [.. entryNode], EntryRight = [.. entryRight], EntrySlot = [.. entrySlot], FeatureStart = [.. featureStart],
                SlotFeature = [.. slotFeature], CoefficientStart = [.. coefficientStart], Coefficients = [.. coefficients],
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
