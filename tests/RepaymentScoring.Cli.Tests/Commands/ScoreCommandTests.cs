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

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
