namespace RepaymentScoring.Cli.Tests.Commands;

public sealed class ImportCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("repay-cli-").FullName;
    private static string Samples => Path.Combine(RepayProcess.RepoRoot(), "data-samples");

    [Fact]
    public void Broken_lines_are_named_and_a_filled_store_keeps_every_row()
    {
        var store = Path.Combine(_work, "store.db");
        var first = RepayProcess.Run("import", Samples, "--store", store);
        Assert.True(first.ExitCode == 0, first.Stderr);
        var before = RepayProcess.Run("db", "status", "--store", store).Stdout;

        var copy = Path.Combine(_work, "broken");
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(Samples, "*.csv")) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        File.AppendAllLines(Path.Combine(copy, "payments.csv"), ["PNEW,A0000001,2026-04-01T10:00:00Z,5"]);
        var lines = File.ReadAllLines(Path.Combine(copy, "contacts.csv"));
        lines[10] = "CB1,A0000001,2026-13-45T99:00:00Z,sms,delivered,,,";
        lines[20] = "CB2,A0000001,2026-02-01T10:00:00Z,carrier_pigeon,none,,,";
        lines[30] = "CB3,A9999999,2026-02-01T10:00:00Z,sms,delivered,,,";
        File.WriteAllLines(Path.Combine(copy, "contacts.csv"), lines);

        var broken = RepayProcess.Run("import", copy, "--store", store);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("contacts.csv:11: contacted_at:", broken.Stderr, StringComparison.Ordinal);
        Assert.Contains("contacts.csv:21: channel:", broken.Stderr, StringComparison.Ordinal);
        Assert.Contains("contacts.csv:31: account_id: unknown account 'A9999999'", broken.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", broken.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, RepayProcess.Run("db", "status", "--store", store).Stdout);
    }

    [Fact]
    public void A_failed_import_into_a_new_path_leaves_no_store_and_status_of_a_missing_store_says_so()
    {
        var broken = Path.Combine(_work, "latin1");
        Directory.CreateDirectory(broken);
        File.WriteAllBytes(Path.Combine(broken, "accounts.csv"), System.Text.Encoding.Latin1.GetBytes(
            "account_id,product,opened_on,region,time_zone\nA1,bnpl,2025-06-30,Z\u00fcrich,UTC\n"));
        var store = Path.Combine(_work, "new.db");
        var import = RepayProcess.Run("import", broken, "--store", store);
        Assert.NotEqual(0, import.ExitCode);
        Assert.Contains("accounts.csv:2: (encoding):", import.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(store));
        var status = RepayProcess.Run("db", "status", "--store", Path.Combine(_work, "typo.db"));
        Assert.Equal(1, status.ExitCode);
        Assert.Contains("no store at", status.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_work, "typo.db")));
    }

    [Fact]
    public void Importing_the_same_folder_twice_adds_nothing_the_second_time()
    {
        var store = Path.Combine(_work, "twice.db");
        Assert.Equal(0, RepayProcess.Run("import", Samples, "--store", store).ExitCode);
        var again = RepayProcess.Run("import", Samples, "--store", store);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains(": 0 added, 0 replaced,", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_fails_with_one_line_and_no_stack_trace()
    {
        var result = RepayProcess.Run("import", Path.Combine(_work, "nowhere"), "--store", Path.Combine(_work, "x.db"));
        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
