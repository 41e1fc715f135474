using Microsoft.Extensions.Configuration;
using System.CommandLine;
using System.Globalization;
using System.Text;
using RepaymentScoring.Cli.Infrastructure;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Csv;
using RepaymentScoring.Features;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Store.History;
using RepaymentScoring.Training;
using RepaymentScoring.Training.Data;

namespace RepaymentScoring.Cli.Commands;

internal static class FeaturesCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var from = RegistryOptions.From();
        var output = new Option<string>("--out") { Description = "File to write: CSV, or Parquet when it ends in .parquet (or with --format parquet).", Required = true };
        var format = new Option<string?>("--format") { Description = "csv or parquet (default: from the --out file's extension)." };
        format.AcceptOnlyFromAmong("csv", "parquet");
        var model = new Option<string>("--model") { Description = "Which model's matrix: response (contacts) or propensity (snapshots).", DefaultValueFactory = _ => "response" };
        model.AcceptOnlyFromAmong("response", "propensity");
        var version = new Option<string?>("--version") { Description = "Encode with a published version's schema, response rows with its action_reach filled (to score the rows with its models elsewhere)." };
        var predictions = new Option<bool>("--with-predictions") { Description = "Add a 'predicted' column: the version's (else the current) model's probability for each row, as this program computes it." };
        var models = RegistryOptions.Models();
        var name = RegistryOptions.Name();
        var export = new Command("export", "Write the training matrix: point-in-time features, label, weight and out-of-time split of every decision point.")
        {
            from, output, model, version, predictions, models, name, format,
        };
        export.SetAction(parse =>
        {
            var channels = PlanningSettings.Channels(configuration);
            var history = ConsoleProgress.Count("Reading history", p => HistorySource.Read(parse.GetValue(from)!, channels, p));
            var histories = history.Histories.ToList();
            var registry = new ModelRegistry(parse.GetValue(models)!, parse.GetValue(name)!);
            var chosen = parse.GetValue(version) ?? (parse.GetValue(predictions)
                ? registry.Current() ?? throw new UserError($"--with-predictions: no current model in {registry.Folder}; name one with --version or run 'repay train'.")
                : null);
            var schema = chosen is not null
                ? registry.Manifest(chosen).Schema()
                : new FeatureSchema(channels.ContactChannels,
                    history.FeatureKinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => new ExtraFeature(k.Key, k.Value, [])));
            var set = TrainingSet.Build(histories, schema, new TrainingSettings());
            var propensity = parse.GetValue(model) == "propensity";
            var matrix = propensity ? set.Propensity : set.Response;
            var trained = chosen is null ? null : registry.Load(chosen);
            // A version's response rows carry its reach model's action_reach, as its response model sees them.
            if (trained is not null && !propensity) ReachModel.FillAll(trained.Reach, trained.Schema, trained.ReachChannels, matrix);
            float[]? predicted = null;
            if (trained is not null && parse.GetValue(predictions))
            {
                predicted = new float[matrix.Rows];
                // In blocks: a copy of the whole matrix would double the export's memory.
                for (var first = 0; first < matrix.Rows; first += 50_000)
                {
                    var rows = Enumerable.Range(first, Math.Min(50_000, matrix.Rows - first)).ToList();
                    var (values, _, _) = matrix.Take(rows);
                    (propensity ? trained.PredictPropensity(values, rows.Count) : trained.PredictResponse(values, rows.Count)).CopyTo(predicted, first);
                }
            }
            var path = parse.GetValue(output)!;
            var parquet = (parse.GetValue(format) ?? (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? "parquet" : "csv")) == "parquet";
            if (parquet) FeatureParquet.Write(path, set, matrix, predicted);
            else Write(path, set, matrix, predicted);
            Console.WriteLine($"Wrote {matrix.Rows:N0} rows x {matrix.Width} features to {path}.");
            return 0;
        });
        return new Command("features", "Inspect the features the models learn from.") { export };
    }

    private static readonly string[] RowColumns = ["account_id", "contact_id", "decided_at", "channel", "split", "label", "weight", "recovered", "treatment_probability"];

    private static void Write(string path, TrainingSet set, FeatureMatrix matrix, float[]? predicted) => AtomicFile.Write(path, writer =>
    {
        writer.WriteLine(string.Join(',', RowColumns.Concat(predicted is null ? [] : ["predicted"]).Concat(matrix.Columns)));
        var line = new StringBuilder();
        for (var i = 0; i < matrix.Rows; i++)
        {
            var info = matrix.Info[i];
            line.Clear();
            line.Append(info.AccountId).Append(',').Append(info.ContactId).Append(',')
                .Append(ContractFormat.Format(info.At)).Append(',').Append(info.Channel).Append(',')
                .Append(set.PartOf(info.At).ToString().ToLowerInvariant()).Append(',').Append(info.Label ? '1' : '0').Append(',')
                .Append(info.Weight.ToString("R", CultureInfo.InvariantCulture)).Append(',')
                .Append(info.Recovered.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(info.TreatmentProbability?.ToString("R", CultureInfo.InvariantCulture) ?? "");
            if (predicted is not null) line.Append(',').Append(predicted[i].ToString("R", CultureInfo.InvariantCulture));
            foreach (var value in matrix.Row(i))
                line.Append(',').Append(float.IsNaN(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture));
            writer.WriteLine(line);
        }
    });
}
