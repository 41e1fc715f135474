namespace RepaymentScoring.Cli.Tests.Commands;

/// <summary>A channel a lender adds in configuration (section Channels) reaches every verb: import, train, features and plans.</summary>
public sealed class ConfiguredChannelTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("repay-cli-channel-").FullName;
    private static readonly Dictionary<string, string> WithWhatsApp = new() { ["Channels__whatsapp"] = "ElectronicMessage" };

    [Fact]
    public void A_configured_channel_is_imported_trained_on_and_planned()
    {
        // data-samples with every SMS sent over a channel the lender added: WhatsApp, an electronic message.
        var data = Path.Combine(_work, "data");
        Directory.CreateDirectory(data);
        foreach (var f in Directory.GetFiles(Path.Combine(RepayProcess.RepoRoot(), "data-samples"), "*.csv"))
            File.Copy(f, Path.Combine(data, Path.GetFileName(f)));
        var contacts = Path.Combine(data, "contacts.csv");
        File.WriteAllLines(contacts, File.ReadAllLines(contacts).Select(l => l.Replace(",sms,", ",whatsapp,", StringComparison.Ordinal)));

        var store = Path.Combine(_work, "store.db");
        var refused = RepayProcess.Run("import", data, "--store", Path.Combine(_work, "refused.db"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("'whatsapp' is not a known channel", refused.Stderr, StringComparison.Ordinal);
        var imported = RepayProcess.RunWith(WithWhatsApp, "import", data, "--store", store);
        Assert.True(imported.ExitCode == 0, imported.Stderr);

        var models = Path.Combine(_work, "models");
        var train = RepayProcess.RunWith(WithWhatsApp, "train", "--from", store, "--models", models);
        Assert.True(train.ExitCode == 0, train.Stderr);
        var current = File.ReadAllText(Path.Combine(models, "default", "current")).Trim();
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(models, "default", current, "manifest.json")));
        Assert.Contains("whatsapp", manifest.RootElement.GetProperty("features").GetProperty("channels").EnumerateArray().Select(c => c.GetString()));

        var plans = Path.Combine(_work, "plans.csv");
        var score = RepayProcess.RunWith(WithWhatsApp, "score", "--from", store, "--as-of", "2026-03-01T00:00:00Z", "--models", models, "--out", plans);
        Assert.True(score.ExitCode == 0, score.Stderr);
        Assert.Contains(File.ReadLines(plans).Skip(1), l => l.Split(',')[1] == "whatsapp");
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
