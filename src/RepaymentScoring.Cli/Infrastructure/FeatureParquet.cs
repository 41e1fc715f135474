using Parquet;
using Parquet.Schema;
using RepaymentScoring.Contract.Csv;
using RepaymentScoring.Training.Data;

namespace RepaymentScoring.Cli.Infrastructure;

/// <summary>
/// The feature matrix of <c>repay features export</c> as Parquet, for pandas, Spark or any other reader:
/// the CSV's columns with their types (missing feature values are nulls), written in row groups of
/// 50,000 rows so memory stays bounded, published atomically.
/// </summary>
internal static class FeatureParquet
{
    private const int RowGroup = 50_000;

    public static void Write(string path, TrainingSet set, FeatureMatrix matrix, float[]? predicted)
    {
        var rowFields = new DataField[]
        {
            new DataField<string>("account_id"), new DataField<string>("contact_id", true), new DataField<string>("decided_at"),
            new DataField<string>("channel"), new DataField<string>("split"), new DataField<int>("label"), new DataField<float>("weight"),
            new DataField<double>("recovered"), new DataField<double?>("treatment_probability"),
        };
        var predictedField = predicted is null ? null : new DataField<float>("predicted");
        var featureFields = matrix.Columns.Select(c => new DataField<float?>(c)).ToArray();
        var schema = new ParquetSchema([.. rowFields, .. predictedField is null ? [] : new Field[] { predictedField }, .. featureFields]);
        var temporary = path + ".writing";
        using (var stream = File.Create(temporary))
        {
            var writer = ParquetWriter.CreateAsync(schema, stream).GetAwaiter().GetResult();
            try
            {
                for (var first = 0; first < matrix.Rows; first += RowGroup)
                {
                    var rows = Enumerable.Range(first, Math.Min(RowGroup, matrix.Rows - first)).ToArray();
                    using var group = writer.CreateRowGroup();
                    void Texts(DataField field, Func<int, string?> value) => group.WriteAsync(field, rows.Select(value).ToArray()!).GetAwaiter().GetResult();
                    void Values<T>(DataField field, Func<int, T> value) where T : struct => group.WriteAsync(field, new ReadOnlyMemory<T>(rows.Select(value).ToArray())).GetAwaiter().GetResult();
                    void Nullable<T>(DataField field, Func<int, T?> value) where T : struct => group.WriteAsync(field, new ReadOnlyMemory<T?>(rows.Select(value).ToArray())).GetAwaiter().GetResult();
                    Texts(rowFields[0], i => matrix.Info[i].AccountId);
                    Texts(rowFields[1], i => matrix.Info[i].ContactId);
                    Texts(rowFields[2], i => ContractFormat.Format(matrix.Info[i].At));
                    Texts(rowFields[3], i => matrix.Info[i].Channel);
                    Texts(rowFields[4], i => set.PartOf(matrix.Info[i].At).ToString().ToLowerInvariant());
                    Values(rowFields[5], i => matrix.Info[i].Label ? 1 : 0);
                    Values(rowFields[6], i => matrix.Info[i].Weight);
                    Values(rowFields[7], i => (double)matrix.Info[i].Recovered);
                    Nullable(rowFields[8], i => matrix.Info[i].TreatmentProbability);
                    if (predictedField is not null) Values(predictedField, i => predicted![i]);
                    for (var j = 0; j < featureFields.Length; j++)
                    {
                        var column = j;
                        Nullable(featureFields[j], i => matrix.Row(i)[column] is var v && float.IsNaN(v) ? (float?)null : v);
                    }
                }
            }
            finally
            {
                writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        File.Move(temporary, path, overwrite: true);
    }
}
