using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using RepaymentScoring.Store;

namespace RepaymentScoring.Api.Tests.Audit;

public sealed class AuditTrailTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    private HttpClient Client(string store, string spill)
    {
        var client = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Store", store);
            b.UseSetting("Audit:SpillFile", spill);
            b.UseSetting("Audit:FlushMilliseconds", "100");
        }).CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.ScorerKey);
        return client;
    }

    private static async Task<T> Eventually<T>(Func<T> probe, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var value = probe();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(100);
        }
    }

    private static StringContent Body() => new(PlanRequests.Valid, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Every_served_plan_is_appended_to_plan_audit_and_counted_as_written()
    {
        var path = Path.Combine(_factory.Models, "audit.db");
        var client = Client(path, Path.Combine(_factory.Models, "spill.jsonl"));
        long written = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Name == "repay.audit.written") l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref written, value));
        listener.Start();
        var response = await client.PostAsync("/v1/plans", Body());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var store = ContractStore.Open(path);
        var rows = await Eventually(() => store.ReadAudit(DateTimeOffset.MinValue, DateTimeOffset.MaxValue).ToList(), r => r.Count > 0);
        var row = Assert.Single(rows);
        Assert.Equal("A1", row.AccountId);
        Assert.Equal("cn-default", row.Profile);
        Assert.Equal(response.Headers.GetValues("X-Model-Version").Single(), row.ModelVersion);
        Assert.Equal("champion", row.Strategy);
        Assert.True(Interlocked.Read(ref written) >= 1);
    }

    [Fact]
    public async Task While_the_store_is_down_rows_spill_to_a_file_and_are_replayed_when_it_is_back()
    {
        var folder = Path.Combine(_factory.Models, "not-yet");
        var path = Path.Combine(folder, "audit.db");
        var spill = Path.Combine(_factory.Models, "spill.jsonl");
        var client = Client(path, spill);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/plans", Body())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/plans", Body())).StatusCode);
        var spilled = await Eventually(() => File.Exists(spill) ? File.ReadAllLines(spill).Length : 0, n => n == 2);
        Assert.Equal(2, spilled);

        Directory.CreateDirectory(folder);
        var store = ContractStore.Open(path);
        store.Migrate();
        var rows = await Eventually(() => store.ReadAudit(DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count(), n => n == 2);
        Assert.Equal(2, rows);
        Assert.False(File.Exists(spill));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _factory.Dispose();
    }
}
