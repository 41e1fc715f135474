using System.Text.Json;

namespace RepaymentScoring.Cli.Tests.Commands;

public sealed class RunsCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("repay-cli-runs-").FullName;
    private static string Root => RepayProcess.RepoRoot();

    private RepayProcess.Result Score(string output, params string[] extra) => RepayProcess.Run(
        ["score", "--from", Path.Combine(Root, "data-samples"), "--as-of", "2026-03-01T00:00:00Z", "--out", Path.Combine(_work, output),
         "--models", Path.Combine(Root, "models"), .. extra]);

    [Fact]
    public void Score_stores_its_run_and_shards_given_one_run_id_write_into_one_run()
    {
        var store = Path.Combine(_work, "runs.db");
        var whole = Score("whole.csv", "--store", store);
        Assert.True(whole.ExitCode == 0, whole.Stderr);
        Assert.Contains("Stored run ", whole.Stdout, StringComparison.Ordinal);
        var plans = File.ReadAllLines(Path.Combine(_work, "whole.csv")).Skip(1).ToList();
        foreach (var shard in new[] { "0/2", "1/2" })
            Assert.Equal(0, Score($"shard{shard[0]}.csv", "--store", store, "--shard", shard, "--run", "sharded-1").ExitCode);

        var runs = JsonDocument.Parse(RepayProcess.Run("runs", "list", "--store", store, "--json").Stdout).RootElement.EnumerateArray().ToList();
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal(plans.Count, r.GetProperty("accounts").GetInt32()));
        var sharded = Assert.Single(runs, r => r.GetProperty("run_id").GetString() == "sharded-1");
        Assert.Equal(plans.Count(p => p.Split(',')[1] != "none"), sharded.GetProperty("contacts_planned").GetInt32());
        var table = RepayProcess.Run("runs", "list", "--store", store);
        Assert.Contains("sharded-1", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_id_that_is_not_a_simple_name_is_refused_before_anything_is_stored()
    {
        var store = Path.Combine(_work, "bad.db");
        var result = Score("bad.csv", "--store", store, "--run", "x'; DROP TABLE run_plans; --");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--run", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
