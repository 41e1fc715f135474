using RepaymentScoring.Contract.Tables;
using System.Globalization;
using RepaymentScoring.Features;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Models.Trees;
using RepaymentScoring.Training.Data;

namespace RepaymentScoring.Training;

/// <summary>How the second stage weighs the training rows.</summary>
public enum CorrectionWeights
{
    /// <summary>The response model's own weights (inverse propensity, capped to keep half the effective sample size).</summary>
    Capped,

    /// <summary>
    /// 1 / treatment_probability, uncapped (scaled to mean 1): each cell's level is then that of every
    /// decision in the stage, not of those the old strategy picked the action for. A level is one
    /// number over many rows, so the weights' variance costs far less than in growing trees.
    /// </summary>
    InversePropensity,
}

/// <summary>
/// Second stage of the response model. Boosting with log loss spends its splits on the state, which
/// decides most of the loss, and shrinks the effects of rare actions towards those of common ones, so
/// it under-predicts rare actions such as late-stage visits even on its own training rows. This stage gives each cell of channel (waiting included) by stage its own
/// shift of the log-odds, fitted on the training rows from the first model's margin with an L2 penalty,
/// as one hand-built tree appended to the response trees (the version's levels.json), predicted and
/// explained like the rest. Trees grown for the same purpose split the days past due finely and
/// over-fitted.
/// </summary>
public sealed record ActionEffectCorrection
{
    /// <summary>Off leaves the response model as boosting made it.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Stages by days past due: early below the first bound, middle below the second, late from it (DOMAIN.md's 30 and over 90).</summary>
    public IReadOnlyList<float> StageBounds { get; init; } = [CollectionStage.EarlyBelow, CollectionStage.DefaultLateAbove + 1];

    /// <summary>L2 penalty on each cell's shift, in hessian units (one unit is about 18 rows at a 6% payment rate).</summary>
    public double Lambda { get; init; } = 3;

    /// <summary>
    /// Uncapped by default: with the capped weights the champion's own decisions decide each level, and
    /// a rare action's level is that of the accounts the old strategy chose it for (late visits: large
    /// amounts only).
    /// </summary>
    public CorrectionWeights Weights { get; init; } = CorrectionWeights.InversePropensity;

    /// <summary>
    /// A cell whose uncapped weights have an effective sample size ((sum w)^2 / sum w^2) below this is
    /// levelled with the capped weights instead: uncapped, a few rows logged with tiny probabilities
    /// (or one mistyped probability) would decide its level alone.
    /// </summary>
    public double MinCellEffectiveRows { get; init; } = 30;

    public Dictionary<string, string> Parameters() => new()
    {
        ["cells"] = "channel x stage",
        ["stage_bounds"] = string.Join(',', StageBounds.Select(b => b.ToString(CultureInfo.InvariantCulture))),
        ["lambda"] = Lambda.ToString(CultureInfo.InvariantCulture),
        ["weights"] = Weights == CorrectionWeights.Capped ? "capped inverse propensity" : "inverse propensity",
        ["min_cell_effective_rows"] = MinCellEffectiveRows.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Fits the shifts on <paramref name="train"/> from <paramref name="first"/>'s margins and returns
    /// them as one tree to append to it (the version's levels), and each cell by name ("late/visit") for
    /// the manifest: its shift, rows and weights.
    /// </summary>
    public (TreeNode Levels, Dictionary<string, ActionCell> Cells) Fit(TreeEnsemble first, FeatureMatrix matrix, IReadOnlyList<int> train)
    {
        var dpd = Index(matrix, "days_past_due");
        var channels = matrix.Columns.Select((c, i) => (c, i))
            .Where(x => x.c.StartsWith("action_", StringComparison.Ordinal) && x.c is not ("action_intensity" or "action_hour" or FeatureSchema.ReachColumn))
            .ToList();
        var stages = StageBounds.Count + 1;
        var (x, y, capped) = matrix.Take(train);
        var w = Weights == CorrectionWeights.InversePropensity ? InverseProbabilities(matrix, train) : capped;
        var margin = first.PredictMargins(x, train.Count);
        var cell = new int[train.Count];
        for (var r = 0; r < train.Count; r++)
        {
            var offset = r * matrix.Width;
            var channel = channels.FindIndex(c => x[offset + c.i] >= 0.5f);
            cell[r] = channel < 0 ? -1 : channel * stages + StageOf(x[offset + dpd]);
        }
        var shift = new double[channels.Count * stages];
        var rowsOf = Enumerable.Range(0, shift.Length).Select(k => new List<int>()).ToArray();
        for (var r = 0; r < cell.Length; r++)
            if (cell[r] >= 0) rowsOf[cell[r]].Add(r);
        var effective = rowsOf.Select(rows => EffectiveRows(rows, w)).ToArray();
        var fellBack = new bool[rowsOf.Length];
        if (Weights == CorrectionWeights.InversePropensity)
            for (var k = 0; k < rowsOf.Length; k++)
                if (effective[k] < MinCellEffectiveRows)
                {
                    foreach (var r in rowsOf[k]) w[r] = capped[r];
                    fellBack[k] = true;
                }
        for (var k = 0; k < shift.Length; k++) shift[k] = Newton(rowsOf[k], margin, y, w);
        // Each leaf's cover is its cell's hessian sum at the first stage's margin, so that SHAP and approximate reasons weigh the cells by their rows (an
        // empty cell gets a token cover: contributions divide by it).
        var cover = rowsOf.Select(rows => Math.Max(EmptyCover, rows.Sum(r => { var p = 1 / (1 + Math.Exp(-margin[r])); return w[r] * p * (1 - p); }))).ToArray();

        var tree = Stage(0);
        TreeNode Stage(int s) => s == stages - 1 ? Chain(s, 0) : TreeNode.Split(dpd, StageBounds[s], Chain(s, 0), Stage(s + 1));
        TreeNode Chain(int s, int c) => c == channels.Count ? TreeNode.Leaf(0, EmptyCover)
            : TreeNode.Split(channels[c].i, 0.5f, Chain(s, c + 1), TreeNode.Leaf(shift[c * stages + s], cover[c * stages + s]), missingGoesLeft: true);
        var names = new[] { "early", "middle", "late" };
        var cells = new Dictionary<string, ActionCell>();
        for (var c = 0; c < channels.Count; c++)
            for (var s = 0; s < stages; s++)
            {
                var k = c * stages + s;
                cells[$"{(stages == 3 ? names[s] : $"stage{s}")}/{channels[c].c["action_".Length..]}"] = new ActionCell(Math.Round(shift[k], 4),
                    rowsOf[k].Count, Math.Round(effective[k], 1), Weights == CorrectionWeights.Capped || fellBack[k] ? ActionCell.CappedWeights : ActionCell.UncappedWeights);
            }
        return (tree, cells);
    }

    /// <summary>1 / treatment_probability of each row (1 where absent), scaled to mean 1 so the penalty keeps its meaning in rows.</summary>
    private static float[] InverseProbabilities(FeatureMatrix matrix, IReadOnlyList<int> rows)
    {
        var raw = rows.Select(r => matrix.Info[r].InversePropensity).ToArray();
        var mean = raw.Length == 0 ? 1 : raw.Average();
        return Array.ConvertAll(raw, v => (float)(v / mean));
    }

    private static double EffectiveRows(List<int> rows, float[] w)
    {
        double sum = 0, squares = 0;
        foreach (var r in rows)
        {
            sum += w[r];
            squares += (double)w[r] * w[r];
        }
        return squares == 0 ? 0 : sum * sum / squares;
    }

    private int StageOf(float dpd)
    {
        var s = 0;
        while (s < StageBounds.Count && dpd >= StageBounds[s]) s++;
        return s;
    }

    /// <summary>The penalised maximum-likelihood shift of one cell's log-odds (Newton's method; the loss is convex).</summary>
    private double Newton(List<int> rows, float[] margin, float[] y, float[] w)
    {
        double d = 0;
        for (var iteration = 0; iteration < 25; iteration++)
        {
            double g = Lambda * d, h = Lambda;
            foreach (var r in rows)
            {
                var p = 1 / (1 + Math.Exp(-(margin[r] + d)));
                g += w[r] * (p - y[r]);
                h += w[r] * p * (1 - p);
            }
            var step = g / h;
            d -= step;
            if (Math.Abs(step) < 1e-7) break;
        }
        return d;
    }

    private const double EmptyCover = 1e-3;

    private static int Index(FeatureMatrix matrix, string column)
    {
        for (var i = 0; i < matrix.Width; i++)
            if (matrix.Columns[i] == column) return i;
        throw new InvalidOperationException($"The response matrix has no '{column}' column.");
    }
}
