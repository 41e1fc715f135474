using System.Globalization;
using System.Text.Json.Nodes;

namespace RepaymentScoring.Boosting;

/// <summary>
/// A regression tree written by hand rather than grown, to append to a model (<see cref="Booster.AppendTree"/>).
/// A split sends a row left when its feature is below the threshold, or missing and <c>MissingGoesLeft</c>.
/// </summary>
public abstract record TreeNode
{
    /// <summary>
    /// A leaf adding <paramref name="value"/> to the margin. <paramref name="cover"/>: the hessian sum of
    /// the training rows it stands for, as XGBoost records for grown trees; SHAP and approximate
    /// contributions weigh the branches by it, so a tree that is to be explained needs real covers
    /// (with equal ones every branch counts as much as any other, however few rows reach it).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cover"/> is not a positive finite number.</exception>
    public static TreeNode Leaf(double value, double cover = 1) => new LeafNode(value, cover);

    public static TreeNode Split(int feature, float threshold, TreeNode below, TreeNode atOrAbove, bool missingGoesLeft = true) =>
        new SplitNode(feature, threshold, below, atOrAbove, missingGoesLeft);

    /// <summary>The hessian sum below this node: a leaf's own, a split's children's together.</summary>
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

    /// <summary>The tree in XGBoost's JSON model layout (nodes numbered breadth-first, leaf values in split_conditions).</summary>
    internal JsonObject ToXGBoostJson(int id, int features)
    {
        var nodes = new List<(TreeNode Node, int Parent)> { (this, int.MaxValue) };
        var left = new List<int>();
        var right = new List<int>();
        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i].Node is SplitNode split)
            {
                if (split.Feature < 0 || split.Feature >= features)
                    throw new ArgumentOutOfRangeException(nameof(features), $"Split on feature {split.Feature} of a model with {features}.");
                left.Add(nodes.Count); nodes.Add((split.Below, i));
                right.Add(nodes.Count); nodes.Add((split.AtOrAbove, i));
            }
            else { left.Add(-1); right.Add(-1); }
        }
        JsonArray Array(Func<TreeNode, int> value) => new(nodes.Select(n => JsonValue.Create(value(n.Node))).ToArray<JsonNode?>());
        // XGBoost's reader refuses an integer where it expects a float, and System.Text.Json writes 1f as
        // "1": floats are written as text with an exponent, which parses back as a number with a fraction.
        JsonNode Floats(Func<TreeNode, float> value) =>
            JsonNode.Parse("[" + string.Join(",", nodes.Select(n => value(n.Node).ToString("E9", CultureInfo.InvariantCulture))) + "]")!;
        return new JsonObject
        {
            ["base_weights"] = Floats(n => n is LeafNode l ? (float)l.Value : 0f),
            ["categories"] = new JsonArray(), ["categories_nodes"] = new JsonArray(),
            ["categories_segments"] = new JsonArray(), ["categories_sizes"] = new JsonArray(),
            ["default_left"] = Array(n => n is SplitNode { MissingGoesLeft: true } ? 1 : 0),
            ["id"] = id,
            ["left_children"] = new JsonArray(left.Select(v => JsonValue.Create(v)).ToArray<JsonNode?>()),
            ["loss_changes"] = Floats(_ => 0f),
            ["parents"] = new JsonArray(nodes.Select(n => JsonValue.Create(n.Parent)).ToArray<JsonNode?>()),
            ["right_children"] = new JsonArray(right.Select(v => JsonValue.Create(v)).ToArray<JsonNode?>()),
            ["split_conditions"] = Floats(n => n switch { SplitNode s => s.Threshold, LeafNode l => (float)l.Value, _ => 0f }),
            ["split_indices"] = Array(n => n is SplitNode s ? s.Feature : 0),
            ["split_type"] = Array(_ => 0),
            ["sum_hessian"] = Floats(n => (float)n.Cover),
            ["tree_param"] = new JsonObject
            {
                ["num_deleted"] = "0",
                ["num_feature"] = features.ToString(CultureInfo.InvariantCulture),
                ["num_nodes"] = nodes.Count.ToString(CultureInfo.InvariantCulture),
                ["size_leaf_vector"] = "0",
            },
        };
    }
}
