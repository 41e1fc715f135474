using System.Text.Json;

namespace RepaymentScoring.Cli.Tests.Commands;

public sealed class ModelsCommandTests
{
    private static string Models => Path.Combine(RepayProcess.RepoRoot(), "models");

    [Fact]
    public void Redirected_output_is_plain_and_unwrapped_whatever_columns_says()
    {
        var current = File.ReadAllText(Path.Combine(Models, "default", "current")).Trim();
        var list = RepayProcess.RunWith(new Dictionary<string, string> { ["COLUMNS"] = "40" }, "models", "list", "--models", Models);
        Assert.Equal(0, list.ExitCode);
        Assert.DoesNotContain('\u001b', list.Stdout);
        Assert.Contains(list.Stdout.Split('\n'), line => line.Contains(current, StringComparison.Ordinal) && line.Contains("csv:", StringComparison.Ordinal));
    }

    [Fact]
    public void Models_list_and_db_status_print_json_on_request()
    {
        var current = File.ReadAllText(Path.Combine(Models, "default", "current")).Trim();
        var list = JsonDocument.Parse(RepayProcess.Run("models", "list", "--models", Models, "--json").Stdout).RootElement;
        var served = Assert.Single(list.EnumerateArray(), v => v.GetProperty("current").GetBoolean());
        Assert.Equal(current, served.GetProperty("version").GetString());
        Assert.InRange(served.GetProperty("metrics").GetProperty("propensity_auc").GetDouble(), 0.5, 1);

        var store = Path.Combine(Directory.CreateTempSubdirectory("repay-cli-").FullName, "store.db");
        Assert.Equal(0, RepayProcess.Run("import", Path.Combine(RepayProcess.RepoRoot(), "data-samples"), "--store", store).ExitCode);
        var status = JsonDocument.Parse(RepayProcess.Run("db", "status", "--store", store, "--json").Stdout).RootElement;
        Assert.Equal(status.GetProperty("latest_schema_version").GetInt32(), status.GetProperty("schema_version").GetInt32());
        Assert.Equal(2000, status.GetProperty("counts").GetProperty("accounts").GetInt32());
        Directory.Delete(Path.GetDirectoryName(store)!, recursive: true);
    }
}
