namespace RepaymentScoring.Cli.Tests.Commands;

public sealed class TrainCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("repay-cli-train-").FullName;

    [Fact]
    public void Training_input_with_broken_rows_fails_before_any_model_is_written()
    {
        var data = Path.Combine(_work, "data");
        Assert.Equal(0, RepayProcess.Run("generate", "--accounts", "200", "--days", "60", "--seed", "2", "--out", data).ExitCode);
        var payments = File.ReadAllLines(Path.Combine(data, "payments.csv")).ToList();
        payments.Add("PX,A0000003,not-a-time,12");
        File.WriteAllLines(Path.Combine(data, "payments.csv"), payments);

        var models = Path.Combine(_work, "models");
        var result = RepayProcess.Run("train", "--from", data, "--models", models);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"payments.csv:{payments.Count}: paid_at:", result.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(models));
    }

    [Fact]
    public void A_history_without_contacts_trains_a_propensity_model_and_says_why_there_is_no_response_model()
    {
        var data = Path.Combine(_work, "data");
        Assert.Equal(0, RepayProcess.Run("generate", "--accounts", "300", "--days", "70", "--seed", "2", "--out", data).ExitCode);
        var contacts = Path.Combine(data, "contacts.csv");
        File.WriteAllLines(contacts, [File.ReadLines(contacts).First()]); // the header alone: no contact log yet
        var models = Path.Combine(_work, "models");
        var train = RepayProcess.Run("train", "--from", data, "--models", models);
        Assert.True(train.ExitCode == 0, train.Stderr);
        Assert.Contains("No response model could be learned", train.Stdout, StringComparison.Ordinal);
        Assert.Contains("no contacts", train.Stdout, StringComparison.Ordinal);
        var plans = Path.Combine(_work, "plans.csv");
        var score = RepayProcess.Run("score", "--from", data, "--as-of", "2026-03-01T00:00:00Z", "--models", models, "--out", plans);
        Assert.True(score.ExitCode == 0, score.Stderr);
        var lines = File.ReadAllLines(plans);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal("rules", r[Array.IndexOf(header, "strategy")]));
        Assert.All(rows, r => Assert.Equal("", r[Array.IndexOf(header, "uplift_7d")]));
        Assert.All(rows, r => Assert.Equal("", r[Array.IndexOf(header, "expected_value")]));
    }

    [Fact]
    public void Until_trains_on_the_history_known_at_the_cut_off_and_records_it()
    {
        var data = Path.Combine(_work, "data");
        Assert.Equal(0, RepayProcess.Run("generate", "--accounts", "400", "--days", "120", "--seed", "2", "--out", data).ExitCode);
        var days = File.ReadLines(Path.Combine(data, "account_snapshots.csv")).Skip(1).Select(l => DateOnly.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var cutOff = days.Min().AddDays((days.Max().DayNumber - days.Min().DayNumber) * 3 / 4);
        var models = Path.Combine(_work, "models");
        var train = RepayProcess.Run("train", "--from", data, "--models", models, "--until", cutOff.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(train.ExitCode == 0, train.Stderr);
        var current = File.ReadAllText(Path.Combine(models, "default", "current")).Trim();
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(models, "default", current, "manifest.json")));
        var recorded = manifest.RootElement.GetProperty("data");
        Assert.EndsWith($"until {cutOff:yyyy-MM-dd}T00:00:00+00:00", recorded.GetProperty("source").GetString(), StringComparison.Ordinal);
        // A snapshot counts once its local day has begun: east of UTC the cut-off's own day has.
        Assert.InRange(recorded.GetProperty("data_end").GetDateTimeOffset(), new DateTimeOffset(cutOff.AddDays(-7).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            new DateTimeOffset(cutOff.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        var early = RepayProcess.Run("train", "--from", data, "--models", models, "--until", "2000-01-01");
        Assert.Equal(1, early.ExitCode);
        Assert.Contains("before the history", early.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_publishes_a_version_that_models_list_shows_as_current_and_verify_accepts()
    {
        var data = Path.Combine(_work, "data");
        Assert.Equal(0, RepayProcess.Run("generate", "--accounts", "300", "--days", "70", "--seed", "2", "--out", data).ExitCode);
        var models = Path.Combine(_work, "models");
        var train = RepayProcess.Run("train", "--from", data, "--models", models);
        Assert.True(train.ExitCode == 0, train.Stderr);
        Assert.Contains("propensity", train.Stdout, StringComparison.Ordinal);
        var current = File.ReadAllText(Path.Combine(models, "default", "current")).Trim();
        Assert.Contains(current, train.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, RepayProcess.Run("models", "verify", "--models", models).ExitCode);
        var evaluation = Path.Combine(_work, "eval.json");
        Assert.Equal(0, RepayProcess.Run("evaluate", current, "--from", data, "--models", models, "--out", evaluation).ExitCode);
        Assert.Contains("\"propensity\"", File.ReadAllText(evaluation), StringComparison.Ordinal);
        var inside = RepayProcess.Run("evaluate", current, "--from", data, "--models", models, "--out", Path.Combine(models, "default", current, "x.json"));
        Assert.Equal(1, inside.ExitCode);
    }

    [Fact]
    public void Train_refits_on_all_rows_unless_told_not_to_and_the_manifest_says_which()
    {
        var data = Path.Combine(_work, "data");
        Assert.Equal(0, RepayProcess.Run("generate", "--accounts", "300", "--days", "70", "--seed", "2", "--out", data).ExitCode);
        string Publication(string models, params string[] extra)
        {
            var train = RepayProcess.Run(["train", "--from", data, "--models", models, .. extra]);
            Assert.True(train.ExitCode == 0, train.Stderr);
            var current = File.ReadAllText(Path.Combine(models, "default", "current")).Trim();
            using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(models, "default", current, "manifest.json")));
            return manifest.RootElement.GetProperty("parameters").GetProperty("publication").GetProperty("refit_on_all_rows").GetString()!;
        }
        Assert.Equal("true", Publication(Path.Combine(_work, "refit")));
        Assert.Equal("false", Publication(Path.Combine(_work, "held-out"), "--no-refit"));
    }

    [Fact]
    public void Training_from_the_store_sees_exactly_the_data_the_csv_files_hold()
    {
        var data = Path.Combine(_work, "data");
        Assert.Equal(0, RepayProcess.Run("generate", "--accounts", "300", "--days", "70", "--seed", "5", "--out", data).ExitCode);
        var store = Path.Combine(_work, "store.db");
        Assert.Equal(0, RepayProcess.Run("import", data, "--store", store).ExitCode);
        var fromCsv = RepayProcess.Run("train", "--from", data, "--models", Path.Combine(_work, "csv-models"));
        var fromStore = RepayProcess.Run("train", "--from", store, "--models", Path.Combine(_work, "store-models"));
        Assert.True(fromCsv.ExitCode == 0 && fromStore.ExitCode == 0, fromCsv.Stderr + fromStore.Stderr);
        // The version ends with the training data's fingerprint: features, labels, weights and times.
        string Fingerprint(string models) => File.ReadAllText(Path.Combine(_work, models, "default", "current")).Trim()[^8..];
        Assert.Equal(Fingerprint("csv-models"), Fingerprint("store-models"));
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
