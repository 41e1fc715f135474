namespace RepaymentScoring.Cli.Tests.Commands;

public sealed class PlanCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("repay-cli-plan-").FullName;
    private static string Root => RepayProcess.RepoRoot();

    private RepayProcess.Result Plan(params string[] extra) =>
        RepayProcess.Run(["plan", "--from", Path.Combine(Root, "data-samples"), "--as-of", "2026-03-01T00:00:00Z",
            "--out", Path.Combine(_work, "plans.csv"), "--models", Path.Combine(Root, "models"), .. extra]);

    [Fact]
    public void Plan_keeps_each_channel_within_its_capacity_and_the_week_within_the_budget_and_prints_what_the_limits_cost()
    {
        var result = Plan("--capacity", "sms=40,email=10", "--budget", "5");
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = File.ReadAllLines(Path.Combine(_work, "plans.csv"));
        Assert.StartsWith("account_id,channel,cadence_days,next_contact_at,", lines[0], StringComparison.Ordinal);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.True(rows.Count > 100);
        Assert.True(rows.Count(r => r[1] == "sms") <= 40);
        Assert.True(rows.Count(r => r[1] == "email") <= 10);
        var costs = new Dictionary<string, double> { ["sms"] = 0.05, ["email"] = 0.01, ["phone"] = 2.5, ["letter"] = 1.2, ["visit"] = 30 };
        var week = rows.Where(r => r[1] != "none").Sum(r => costs[r[1]] * Math.Ceiling(7.0 / int.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(week <= 5 + 1e-9, $"the week's contacts cost {week}");
        Assert.All(rows, r => Assert.Equal("1", r[11]));
        Assert.Contains("the limits cost", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("proven gap", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_capacity_naming_an_unknown_channel_is_refused_naming_it()
    {
        var result = Plan("--capacity", "phone=5,pigeon=3");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("pigeon", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_work, "plans.csv")));
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
