namespace RepaymentScoring.Boosting;

/// <summary>A dense, row-major float matrix in XGBoost's memory; NaN means missing.</summary>
public sealed unsafe class DMatrix : IDisposable
{
    internal DMatrixHandle Handle { get; }
    public int Rows { get; }
    public int Columns { get; }

    public DMatrix(ReadOnlySpan<float> values, int rows, int columns, ReadOnlySpan<float> labels = default, ReadOnlySpan<float> weights = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (values.Length != rows * columns)
            throw new ArgumentException($"{values.Length} values do not fill {rows} x {columns}.", nameof(values));
        IntPtr handle;
        fixed (float* data = values)
            XGBoostNative.Check(XGBoostNative.XGDMatrixCreateFromMat(data, (ulong)rows, (ulong)columns, float.NaN, out handle));
        Handle = new DMatrixHandle(handle);
        Rows = rows;
        Columns = columns;
        if (!labels.IsEmpty) SetInfo("label", labels);
        if (!weights.IsEmpty) SetInfo("weight", weights);
    }

    private void SetInfo(string field, ReadOnlySpan<float> values)
    {
        if (values.Length != Rows)
            throw new ArgumentException($"{field}: {values.Length} values for {Rows} rows.", nameof(values));
        fixed (float* p = values)
            XGBoostNative.Check(XGBoostNative.XGDMatrixSetFloatInfo(Handle.DangerousGetHandle(), field, p, (ulong)Rows));
    }

    public void Dispose() => Handle.Dispose();
}
