namespace RepaymentScoring.Cli.Tests.Commands;

public sealed class GenerateCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("repay-cli-gen-").FullName;

    [Fact]
    public void Generate_writes_the_four_contract_files_and_the_truth_on_request()
    {
        var result = RepayProcess.Run("generate", "--accounts", "150", "--days", "30", "--seed", "4", "--out", _work, "--truth");
        Assert.True(result.ExitCode == 0, result.Stderr);
        foreach (var f in new[] { "accounts.csv", "account_snapshots.csv", "contacts.csv", "payments.csv", "truth_decisions.csv.gz", "truth_snapshots.csv.gz" })
            Assert.True(File.Exists(Path.Combine(_work, f)), f);
        Assert.Equal(151, File.ReadAllLines(Path.Combine(_work, "accounts.csv")).Length);
    }

    [Fact]
    public void Invalid_settings_are_refused_with_a_reason()
    {
        var result = RepayProcess.Run("generate", "--accounts", "0", "--out", _work);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Accounts must be at least 1", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_verb_has_help()
    {
        foreach (var verb in new[] { "generate", "import", "db" })
        {
            var help = RepayProcess.Run(verb, "--help");
            Assert.Equal(0, help.ExitCode);
            Assert.Contains("Usage:", help.Stdout, StringComparison.Ordinal);
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
