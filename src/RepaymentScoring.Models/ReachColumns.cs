using RepaymentScoring.Features;

namespace RepaymentScoring.Models;

/// <summary>P(answered) of each of <paramref name="count"/> response rows laid end to end.</summary>
public delegate float[] RowsPredictor(ReadOnlySpan<float> rows, int count);

/// <summary>
/// Where a response row keeps its action_reach and the indicators of the channels the reach model
/// covers; <see cref="Fill"/> writes the reach model's P(answered) into the rows of those channels.
/// </summary>
public sealed record ReachColumns(int Reach, int[] Indicators, int Width)
{
    public static ReachColumns Of(FeatureSchema schema, IReadOnlyList<string> channels) =>
        new(schema.IndexOf(FeatureSchema.ReachColumn), channels.Select(c => schema.IndexOf($"action_{c}")).ToArray(), schema.ResponseNames.Count);

    /// <summary>
    /// Writes the reach of every row whose action is one of the covered channels into its
    /// <c>action_reach</c> column (others: missing), <paramref name="predict"/> giving P(answered) for a
    /// block of rows. The reach model never saw the column filled, so filling twice gives the same values.
    /// </summary>
    public void Fill(RowsPredictor predict, Span<float> rows, int count)
    {
        Span<int> selected = count <= 256 ? stackalloc int[count] : new int[count];
        var n = 0;
        for (var r = 0; r < count; r++)
        {
            var row = rows.Slice(r * Width, Width);
            row[Reach] = float.NaN;
            foreach (var k in Indicators)
                if (row[k] >= 0.5f) { selected[n++] = r; break; }
        }
        if (n == 0) return;
        float[] p;
        if (n == count) p = predict(rows[..(count * Width)], count); // a planner's block of calls: no copy
        else
        {
            var block = new float[n * Width];
            for (var k = 0; k < n; k++) rows.Slice(selected[k] * Width, Width).CopyTo(block.AsSpan(k * Width, Width));
            p = predict(block, n);
        }
        for (var k = 0; k < n; k++) rows[selected[k] * Width + Reach] = p[k];
    }
}
