using RepaymentScoring.Store;
using RepaymentScoring.Store.Audit;

namespace RepaymentScoring.Cli.Tests.Commands;

public sealed class AuditCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("repay-cli-audit-").FullName;

    [Fact]
    public void Export_writes_the_rows_served_in_the_range_and_nothing_else()
    {
        var path = Path.Combine(_work, "store.db");
        var store = ContractStore.Open(path);
        store.Migrate();
        var day = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        store.AppendAudit(Enumerable.Range(0, 5).Select(i =>
            new AuditRow(day.AddHours(i * 12), $"r{i}", $"A{i}", "v1", "cn-default", "sms", 7, day.AddHours(i * 12 + 2), 1.5, 0.8, "champion")).ToList());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var output = Path.Combine(_work, "audit.csv");
        var result = RepayProcess.Run("audit", "export", "--store", path, "--since", "2026-03-01T12:00:00Z", "--until", "2026-03-02T12:00:00Z", "--out", output);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = File.ReadAllLines(output);
        Assert.StartsWith("served_at,request_id,account_id,model_version,profile,channel", lines[0], StringComparison.Ordinal);
        Assert.Equal(["A1", "A2"], lines.Skip(1).Select(l => l.Split(',')[2]));
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
