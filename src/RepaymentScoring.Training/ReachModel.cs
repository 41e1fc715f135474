using RepaymentScoring.Boosting;
using RepaymentScoring.Features;
using RepaymentScoring.Training.Data;

namespace RepaymentScoring.Training;

/// <summary>P(answered) of each of <paramref name="count"/> response rows laid end to end.</summary>
public delegate float[] RowsPredictor(ReadOnlySpan<float> rows, int count);

/// <summary>
/// P(a call or visit is answered | state, channel, local hour): the collections teams' "best time to
/// call". Whether a contact was answered is logged for every call and visit, so this model learns the
/// hour that suits each kind of customer from far more signal than the payments the response model
/// sees; its prediction at the action's hour is the response model's <c>action_reach</c> column. On
/// simulated portfolios the planner lost about 40% of its shortfall to the oracle to choosing the
/// hour of a call (docs/planning.md). Other channels' rows keep the column missing.
/// </summary>
public static class ReachModel
{
    /// <summary>Channels with rows in the reach matrix: the ones the model covers.</summary>
    public static IReadOnlyList<string> ChannelsOf(FeatureMatrix reach, IReadOnlyList<string> channels)
    {
        var seen = reach.Info.Select(i => i.Channel).ToHashSet(StringComparer.Ordinal);
        return channels.Where(seen.Contains).ToList();
    }

    /// <summary>
    /// Whether the reach model can be learned from <paramref name="train"/>: the training period holds
    /// calls or visits with a known answer, answered and unanswered both (a lender that only writes has
    /// none, and then no row gets an action_reach).
    /// </summary>
    public static bool Learnable(FeatureMatrix reach, IReadOnlyList<int> train) =>
        train.Count > 0 && !train.All(i => reach.Info[i].Label) && train.Any(i => reach.Info[i].Label);

    /// <summary>
    /// Writes the reach of every row whose action is one of <paramref name="channels"/> into its
    /// <c>action_reach</c> column (others: missing), <paramref name="predict"/> giving P(answered) for a
    /// block of rows. The reach model never saw the column filled, so filling twice gives the same values.
    /// </summary>
    public static void Fill(RowsPredictor predict, FeatureSchema schema, IReadOnlyList<string> channels, Span<float> rows, int count) =>
        Fill(predict, ReachColumns.Of(schema, channels), rows, count);

    /// <summary>As above, with the columns looked up once (the planner fills a few rows three times a plan).</summary>
    public static void Fill(RowsPredictor predict, ReachColumns columns, Span<float> rows, int count)
    {
        var width = columns.Width;
        Span<int> selected = count <= 256 ? stackalloc int[count] : new int[count];
        var n = 0;
        for (var r = 0; r < count; r++)
        {
            var row = rows.Slice(r * width, width);
            row[columns.Reach] = float.NaN;
            foreach (var k in columns.Indicators)
                if (row[k] >= 0.5f) { selected[n++] = r; break; }
        }
        if (n == 0) return;
        float[] p;
        if (n == count) p = predict(rows[..(count * width)], count); // a planner's block of calls: no copy
        else
        {
            var block = new float[n * width];
            for (var k = 0; k < n; k++) rows.Slice(selected[k] * width, width).CopyTo(block.AsSpan(k * width, width));
            p = predict(block, n);
        }
        for (var k = 0; k < n; k++) rows[selected[k] * width + columns.Reach] = p[k];
    }

    /// <summary>Fills the action_reach column of every row of a response matrix, in blocks (no model: every value missing, as written).</summary>
    public static void FillAll(TreeEnsemble? reach, FeatureSchema schema, IReadOnlyList<string> channels, FeatureMatrix response)
    {
        if (reach is null) return;
        var columns = ReachColumns.Of(schema, channels);
        for (var start = 0; start < response.Rows; start += 50_000)
        {
            var count = Math.Min(50_000, response.Rows - start);
            Fill(reach.Predict, columns, response.RowsToFill(start, count), count);
        }
    }
}

/// <summary>Where a response row keeps its action_reach and the indicators of the channels the reach model covers.</summary>
public sealed record ReachColumns(int Reach, int[] Indicators, int Width)
{
    public static ReachColumns Of(FeatureSchema schema, IReadOnlyList<string> channels) =>
        new(schema.IndexOf(FeatureSchema.ReachColumn), channels.Select(c => schema.IndexOf($"action_{c}")).ToArray(), schema.ResponseNames.Count);
}
