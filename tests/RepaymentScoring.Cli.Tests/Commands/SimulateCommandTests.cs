namespace RepaymentScoring.Cli.Tests.Commands;

public sealed class SimulateCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("repay-cli-simulate-").FullName;

    [Fact]
    public void Simulate_writes_a_row_per_day_and_a_total_and_reports_no_violation()
    {
        var path = Path.Combine(_work, "results.csv");
        var result = RepayProcess.Run("simulate", "--policy", "rules", "--accounts", "300", "--days", "14", "--seed", "3", "--out", path);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = File.ReadAllLines(path);
        Assert.StartsWith("policy,seed,day,date,reviews,decisions,recovered,contact_cost,net_recovery,contacts", lines[0], StringComparison.Ordinal);
        Assert.Equal(14 + 2, lines.Length);
        Assert.StartsWith("rules,3,total,", lines[^1], StringComparison.Ordinal);
        Assert.Contains("compliance violations 0", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_policy_is_refused_before_anything_runs()
    {
        var result = RepayProcess.Run("simulate", "--policy", "greedy", "--out", Path.Combine(_work, "r.csv"));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("greedy", result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_work, "r.csv")));
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
