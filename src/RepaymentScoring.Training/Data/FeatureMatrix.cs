namespace RepaymentScoring.Training.Data;

/// <summary>Metadata of one matrix row: whose decision, when, the logged action and its outcome.</summary>
public readonly record struct RowInfo(
    string AccountId, string? ContactId, DateTimeOffset At, string Channel, bool Label, decimal Recovered, decimal AmountDue,
    double? TreatmentProbability, float Weight, bool Complaint = false, int Intensity = 0)
{
    /// <summary>1 / treatment_probability, uncapped; 1 where the row carries none.</summary>
    public double InversePropensity => TreatmentProbability is { } p && p > 0 ? 1 / p : 1.0;
}

/// <summary>A growing row-major float matrix with one <see cref="RowInfo"/> per row.</summary>
public sealed class FeatureMatrix(IReadOnlyList<string> columns)
{
    private float[] _values = new float[columns.Count * 1024];

    public IReadOnlyList<string> Columns { get; } = columns;
    public int Width => Columns.Count;
    public int Rows { get; private set; }
    public List<RowInfo> Info { get; } = [];

    /// <summary>A matrix of the given <paramref name="rows"/> of a dense row-major array, with labels and unit weights (public data sets).</summary>
    public static FeatureMatrix FromDense(IReadOnlyList<string> columns, ReadOnlySpan<float> values, IReadOnlyList<int> rows, Func<int, bool> label)
    {
        var matrix = new FeatureMatrix(columns);
        foreach (var r in rows)
            values.Slice(r * columns.Count, columns.Count).CopyTo(matrix.AddRow(new RowInfo(r.ToString(System.Globalization.CultureInfo.InvariantCulture), null, default, "none", label(r), 0, 0, null, 1)));
        return matrix;
    }

    /// <summary>Space for a new row; fill it, then it counts.</summary>
    public Span<float> AddRow(RowInfo info)
    {
        if ((Rows + 1) * Width > _values.Length)
            Array.Resize(ref _values, Math.Max(_values.Length * 2, (Rows + 1) * Width));
        Info.Add(info);
        return _values.AsSpan(Rows++ * Width, Width);
    }

    public ReadOnlySpan<float> Row(int i) => _values.AsSpan(i * Width, Width);

    /// <summary>Stored rows to overwrite in place (a column that a model fills after the features are built).</summary>
    public Span<float> RowsToFill(int start, int count) => _values.AsSpan(start * Width, count * Width);

    public void SetWeight(int i, float weight) => Info[i] = Info[i] with { Weight = weight };

    /// <summary>Copies the given rows (in order) into one dense block, with their labels and weights.</summary>
    public (float[] Values, float[] Labels, float[] Weights) Take(IReadOnlyList<int> rows)
    {
        var values = new float[rows.Count * Width];
        var labels = new float[rows.Count];
        var weights = new float[rows.Count];
        for (var k = 0; k < rows.Count; k++)
        {
            Row(rows[k]).CopyTo(values.AsSpan(k * Width, Width));
            labels[k] = Info[rows[k]].Label ? 1 : 0;
            weights[k] = Info[rows[k]].Weight;
        }
        return (values, labels, weights);
    }
}
