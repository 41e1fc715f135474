namespace RepaymentScoring.Models.Trees;

/// <summary>
/// A regression tree written by hand rather than grown, to append to a model (<see cref="TreeEnsemble.Append"/>).
/// A split sends a row left when its feature is below the threshold, or missing and <c>MissingGoesLeft</c>.
/// </summary>
public abstract record TreeNode
{
    /// <summary>
    /// A leaf adding <paramref name="value"/> to the margin. <paramref name="cover"/>: the weight of
    /// the training rows it stands for; SHAP and approximate
    /// contributions weigh the branches by it, so a tree that is to be explained needs real covers
    /// (with equal ones every branch counts as much as any other, however few rows reach it).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cover"/> is not a positive finite number.</exception>
    public static TreeNode Leaf(double value, double cover = 1) => new LeafNode(value, cover);

    public static TreeNode Split(int feature, float threshold, TreeNode below, TreeNode atOrAbove, bool missingGoesLeft = true) =>
        new SplitNode(feature, threshold, below, atOrAbove, missingGoesLeft);

    /// <summary>The cover below this node: a leaf's own, a split's children's together.</summary>
    public abstract double Cover { get; }

    public sealed record LeafNode(double Value, double LeafCover) : TreeNode
    {
        // Checked however the leaf is made (Leaf, the constructor, a with-expression): contributions divide by covers.
        private readonly double _cover = Positive(LeafCover);

        public double LeafCover { get => _cover; init => _cover = Positive(value); }

        private static double Positive(double cover) => cover > 0 && double.IsFinite(cover)
            ? cover
            : throw new ArgumentOutOfRangeException(nameof(cover), $"A leaf's cover must be a positive number (was {cover}).");

        public override double Cover => LeafCover;
    }

    public sealed record SplitNode(int Feature, float Threshold, TreeNode Below, TreeNode AtOrAbove, bool MissingGoesLeft) : TreeNode
    {
        public override double Cover { get; } = Below.Cover + AtOrAbove.Cover;
    }

    /// <summary>
    /// The tree in ML.NET's layout (<see cref="FlatTree"/>), splits numbered depth first: "below the
    /// threshold" becomes "at or below the float just under it", the same rows either way.
    /// </summary>
    public FlatTree ToFlat()
    {
        if (this is LeafNode only) return FlatTree.Constant((float)only.Value, (float)only.Cover);
        var feature = new List<int>();
        var threshold = new List<float>();
        var missingRight = new List<bool>();
        var left = new List<int>();
        var right = new List<int>();
        var leaves = new List<float>();
        var leafCovers = new List<float>();
        var innerCovers = new List<float>();
        int Add(TreeNode node)
        {
            if (node is LeafNode leaf)
            {
                leaves.Add((float)leaf.Value);
                leafCovers.Add((float)leaf.Cover);
                return ~(leaves.Count - 1);
            }
            var split = (SplitNode)node;
            var index = feature.Count;
            feature.Add(split.Feature);
            threshold.Add(MathF.BitDecrement(split.Threshold));
            missingRight.Add(!split.MissingGoesLeft);
            innerCovers.Add((float)split.Cover);
            left.Add(0);
            right.Add(0);
            left[index] = Add(split.Below);
            right[index] = Add(split.AtOrAbove);
            return index;
        }
        Add(this);
        return new FlatTree([.. feature], [.. threshold], [.. missingRight], [.. left], [.. right], [.. leaves], [.. innerCovers, .. leafCovers]);
    }
}
