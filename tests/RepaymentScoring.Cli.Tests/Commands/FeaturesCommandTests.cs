using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Models.Trees;

namespace RepaymentScoring.Cli.Tests.Commands;

public sealed class FeaturesCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("repay-cli-features-").FullName;

    [Fact]
    public void Export_writes_every_decision_point_with_label_weight_split_and_the_models_feature_columns()
    {
        var root = RepayProcess.RepoRoot();
        var version = File.ReadAllText(Path.Combine(root, "models", "default", "current")).Trim();
        var output = Path.Combine(_work, "matrix.csv");
        var result = RepayProcess.Run("features", "export", "--from", Path.Combine(root, "data-samples"), "--out", output,
            "--version", version, "--models", Path.Combine(root, "models"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = File.ReadAllLines(output);
        var header = lines[0].Split(',');
        Assert.Equal(["account_id", "contact_id", "decided_at", "channel", "split", "label", "weight", "recovered", "treatment_probability"], header[..9]);
        var manifest = File.ReadAllText(Path.Combine(root, "models", "default", version, "manifest.json"));
        Assert.All(header[9..], column => Assert.Contains($"\"{column}\"", manifest, StringComparison.Ordinal));
        Assert.Contains("action_intensity", header);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.True(rows.Count > 1000);
        Assert.Equal(["test", "train", "valid"], rows.Select(r => r[4]).Distinct().Order());
        Assert.Equal(["0", "1"], rows.Select(r => r[5]).Distinct().Order());
        Assert.All(rows, r => Assert.Equal(header.Length, r.Length));
    }

    [Fact]
    public async Task A_parquet_export_holds_the_same_rows_and_values_as_the_csv_with_missing_values_as_nulls()
    {
        var root = RepayProcess.RepoRoot();
        string Export(string file)
        {
            var path = Path.Combine(_work, file);
            var result = RepayProcess.Run("features", "export", "--from", Path.Combine(root, "data-samples"), "--out", path, "--models", Path.Combine(root, "models"), "--with-predictions");
            Assert.True(result.ExitCode == 0, result.Stderr);
            return path;
        }
        var csv = File.ReadAllLines(Export("matrix.csv"));
        var header = csv[0].Split(',');
        var rows = csv.Skip(1).Select(l => l.Split(',')).ToList();
        await using var stream = File.OpenRead(Export("matrix.parquet"));
        await using var reader = await Parquet.ParquetReader.CreateAsync(stream);
        Assert.Equal(header, reader.Schema.DataFields.Select(f => f.Name));
        var offset = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = (int)group.RowCount;
            var ids = new string?[count];
            await group.ReadAsync(reader.Schema.DataFields[0], ids.AsMemory());
            Assert.Equal(rows.Skip(offset).Take(count).Select(r => r[0]), ids);
            var predicted = new float[count];
            await group.ReadAsync(reader.Schema.DataFields[Array.IndexOf(header, "predicted")], predicted.AsMemory());
            Assert.Equal(rows.Skip(offset).Take(count).Select(r => float.Parse(r[Array.IndexOf(header, "predicted")], CultureInfo.InvariantCulture)), predicted);
            foreach (var column in new[] { "days_past_due", "days_since_contact" })
            {
                var values = new float?[count];
                await group.ReadAsync(reader.Schema.DataFields[Array.IndexOf(header, column)], values.AsMemory());
                Assert.Equal(rows.Skip(offset).Take(count).Select(r => r[Array.IndexOf(header, column)] is { Length: > 0 } v ? float.Parse(v, CultureInfo.InvariantCulture) : (float?)null), values);
            }
            offset += count;
        }
        Assert.Equal(rows.Count, offset);
        Assert.Contains(rows, r => r[Array.IndexOf(header, "days_since_contact")].Length == 0); // a missing value was compared as a null
    }

    /// <summary>An export with the committed version's predictions, its rows' features as floats (missing: NaN) and the predictions.</summary>
    private (string Csv, int FirstFeature, float[] Features, float[] Predicted, int Width, string Version) ExportWithPredictions(string model)
    {
        var root = RepayProcess.RepoRoot();
        var version = File.ReadAllText(Path.Combine(root, "models", "default", "current")).Trim();
        var output = Path.Combine(_work, $"{model}.csv");
        var result = RepayProcess.Run("features", "export", "--from", Path.Combine(root, "data-samples"), "--out", output, "--model", model,
            "--version", version, "--models", Path.Combine(root, "models"), "--with-predictions");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = File.ReadAllLines(output);
        var first = Array.IndexOf(lines[0].Split(','), "predicted") + 1;
        var width = lines[0].Split(',').Length - first;
        var features = new List<float>();
        var predicted = new List<float>();
        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            predicted.Add(float.Parse(cells[first - 1], CultureInfo.InvariantCulture));
            features.AddRange(cells[first..].Select(c => c.Length == 0 ? float.NaN : float.Parse(c, CultureInfo.InvariantCulture)));
        }
        return (output, first, [.. features], [.. predicted], width, version);
    }

    [Theory]
    [InlineData("propensity")]
    [InlineData("response")]
    public void A_versions_zip_applied_by_mlnet_to_an_export_gives_the_ensembles_probabilities(string model)
    {
        var (csv, first, features, predicted, width, version) = ExportWithPredictions(model);
        var rows = predicted.Length;
        var folder = Path.Combine(RepayProcess.RepoRoot(), "models", "default", version);
        // What a data scientist's own code does: the zip alone, the export read by ML.NET's text loader.
        var context = new MLContext();
        var transformer = context.Model.Load(Path.Combine(folder, $"{model}.zip"), out _);
        var loader = context.Data.CreateTextLoader(new TextLoader.Options
        {
            Separators = [','], HasHeader = true, MissingRealsAsNaNs = true,
            Columns = [new TextLoader.Column("Features", DataKind.Single, first, first + width - 1)],
        });
        var scored = transformer.Transform(loader.Load(csv));
        var probabilities = scored.GetColumn<float>("Probability").ToArray();
        Assert.Equal(rows, probabilities.Length);

        // The ensemble's own probabilities: the service's, less the response's levels tree (not part of the zip).
        var served = new ModelRegistry(Path.Combine(RepayProcess.RepoRoot(), "models"), "default").Load(version);
        var ensemble = model == "propensity" ? served.Propensity : served.Response!.Take(served.Response.Trees - 1);
        var expected = ensemble.Predict(features, rows);
        for (var r = 0; r < rows; r++)
            Assert.True(Math.Abs(expected[r] - probabilities[r]) < 1e-5, $"row {r}: ML.NET {probabilities[r]}, ensemble {expected[r]}");
        if (model == "propensity")
            for (var r = 0; r < rows; r++)
                Assert.True(Math.Abs(predicted[r] - probabilities[r]) < 1e-5, $"row {r}: ML.NET {probabilities[r]}, exported {predicted[r]}");
    }

    [Theory]
    [InlineData("propensity")]
    [InlineData("response")]
    public void The_model_library_loads_a_version_and_gives_exactly_the_services_probabilities_for_an_export(string model)
    {
        var (_, _, features, predicted, _, version) = ExportWithPredictions(model);
        var rows = predicted.Length;
        var served = new ModelRegistry(Path.Combine(RepayProcess.RepoRoot(), "models"), "default").Load(version);
        // The export's response rows carry action_reach as the version fills it; the library fills it again, to the same values.
        var probabilities = model == "propensity" ? served.PredictPropensity(features, rows) : served.PredictResponse(features, rows);
        Assert.Equal(predicted, probabilities);
        Assert.True(probabilities.Distinct().Count() > 100);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
