namespace RepaymentScoring.Cli.Tests.Commands;

public sealed class ScoreCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("repay-cli-score-").FullName;
    private static string Root => RepayProcess.RepoRoot();

    [Fact]
    public void Score_writes_one_plan_per_account_in_collection_with_the_documented_columns()
    {
        var plans = Path.Combine(_work, "plans.csv");
        var result = RepayProcess.Run("score", "--from", Path.Combine(Root, "data-samples"), "--as-of", "2026-03-01T00:00:00Z",
            "--out", plans, "--models", Path.Combine(Root, "models"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = File.ReadAllLines(plans);
        Assert.Equal("account_id,channel,cadence_days,next_contact_at,propensity_30d,uplift_7d,expected_value,risk_tier,stage,escalation,reasons,treatment_probability,strategy,model_version", lines[0]);
        Assert.True(lines.Length > 100);
        Assert.Equal(lines.Length - 1, lines.Skip(1).Select(l => l.Split(',')[0]).Distinct().Count());

        var shards = Enumerable.Range(0, 2).Select(i =>
        {
            var path = Path.Combine(_work, $"shard{i}.csv");
            Assert.Equal(0, RepayProcess.Run("score", "--from", Path.Combine(Root, "data-samples"), "--as-of", "2026-03-01T00:00:00Z",
                "--out", path, "--models", Path.Combine(Root, "models"), "--shard", $"{i}/2").ExitCode);
            return File.ReadAllLines(path).Skip(1).ToList();
        }).ToList();
        Assert.Equal(lines.Skip(1).Order(), shards.SelectMany(s => s).Order());
        Assert.Empty(shards[0].Intersect(shards[1]));
    }

    [Fact]
    public void A_moment_before_the_history_fails_saying_when_the_history_runs()
    {
        var result = RepayProcess.Run("score", "--from", Path.Combine(Root, "data-samples"), "--as-of", "2020-01-01",
            "--out", Path.Combine(_work, "early.csv"), "--models", Path.Combine(Root, "models"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("before the history, whose snapshots run from 2026-", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_that_does_not_exist_stops_the_program_naming_the_setting()
    {
        var result = RepayProcess.RunWith(new Dictionary<string, string> { ["Compliance__Profile"] = "eu-gdpr" },
            "score", "--from", Path.Combine(Root, "data-samples"), "--as-of", "2026-03-01", "--out", Path.Combine(_work, "p.csv"), "--models", Path.Combine(Root, "models"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Compliance:Profile", result.Stderr, StringComparison.Ordinal);
        var channel = RepayProcess.RunWith(new Dictionary<string, string> { ["Planning__ChannelCosts__pigeon"] = "1" },
            "score", "--from", Path.Combine(Root, "data-samples"), "--as-of", "2026-03-01", "--out", Path.Combine(_work, "p.csv"), "--models", Path.Combine(Root, "models"));
        Assert.Equal(1, channel.ExitCode);
        Assert.Contains("Planning:ChannelCosts:pigeon", channel.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plans_are_the_same_bytes_on_one_thread_and_on_several_exploration_included()
    {
        var explore = new Dictionary<string, string> { ["Planning__ExplorationRate"] = "0.3" };
        string Score(int threads)
        {
            var path = Path.Combine(_work, $"plans-{threads}.csv");
            var result = RepayProcess.RunWith(explore, "score", "--from", Path.Combine(Root, "data-samples"), "--as-of", "2026-03-01T00:00:00Z",
                "--out", path, "--models", Path.Combine(Root, "models"), "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(result.ExitCode == 0, result.Stderr);
            Assert.Contains($"on {threads} thread", result.Stdout, StringComparison.Ordinal);
            return File.ReadAllText(path);
        }
        var one = Score(1);
        Assert.Contains(",explore,", one, StringComparison.Ordinal);
        Assert.Equal(one, Score(3));
    }

    [Fact]
    public void Reasons_are_approximate_unless_exact_ones_are_asked_for_and_nothing_else_changes()
    {
        List<string[]> Score(params string[] extra)
        {
            var path = Path.Combine(_work, $"plans-{extra.Length}.csv");
            var result = RepayProcess.Run(["score", "--from", Path.Combine(Root, "data-samples"), "--as-of", "2026-03-01T00:00:00Z",
                "--out", path, "--models", Path.Combine(Root, "models"), .. extra]);
            Assert.True(result.ExitCode == 0, result.Stderr);
            return File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).ToList();
        }
        var approximate = Score();
        var exact = Score("--reasons", "exact");
        var reasons = Array.IndexOf(RepaymentScoring.Planning.BatchScoring.Columns, "reasons");
        Assert.Equal(exact.Count, approximate.Count);
        for (var i = 0; i < exact.Count; i++)
        {
            Assert.Equal(exact[i].Where((_, k) => k != reasons), approximate[i].Where((_, k) => k != reasons));
            Assert.Matches(@"^\w+:[+-]\d+\.\d{3}(;\w+:[+-]\d+\.\d{3}){0,4}$", approximate[i][reasons]);
        }
        Assert.True(exact.Zip(approximate).Count(p => p.First[reasons] != p.Second[reasons]) > exact.Count / 2, "the two methods gave the same reasons");

        var wrong = RepayProcess.Run("score", "--from", Path.Combine(Root, "data-samples"), "--as-of", "2026-03-01", "--out", Path.Combine(_work, "p.csv"),
            "--models", Path.Combine(Root, "models"), "--reasons", "shap");
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("--reasons 'shap'", wrong.Stderr, StringComparison.Ordinal);
        var threads = RepayProcess.Run("score", "--from", Path.Combine(Root, "data-samples"), "--as-of", "2026-03-01", "--out", Path.Combine(_work, "p.csv"),
            "--models", Path.Combine(Root, "models"), "--threads", "0");
        Assert.Equal(1, threads.ExitCode);
        Assert.Contains("--threads 0", threads.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
