using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using RepaymentScoring.Api.Infrastructure;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Csv;
using RepaymentScoring.Store;
using RepaymentScoring.Tests.Shared;

namespace RepaymentScoring.Api.Tests.Plans;

/// <summary>The three plan endpoints (a body, a batch, an account in the store) plan through one service: each plan is counted and audited alike.</summary>
public sealed class PlanServiceTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    [Fact]
    public async Task Every_plan_endpoint_records_one_plan_metric_and_one_audit_row_per_plan()
    {
        var path = Path.Combine(_factory.Models, "store.db");
        var store = ContractStore.Open(path);
        store.Migrate();
        store.Import(new ContractCsvReader(ChannelCatalog.Default).ReadFolder(Path.Combine(RepositoryRoot.Path, "data-samples")));
        var host = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Store", path);
            b.UseSetting("Audit:FlushMilliseconds", "100");
        });
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.ScorerKey);
        var plans = new ConcurrentBag<string>();
        var scope = host.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "repay.plans" && ReferenceEquals(instrument.Meter.Scope, scope)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => plans.Add(tags.ToArray().Single(t => t.Key == "channel").Value!.ToString()!));
        listener.Start();

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/plans", Json(PlanRequests.Valid))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/plans/batch", Json($"[{PlanRequests.Valid},{PlanRequests.Valid}]"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/accounts/A0000005/plan?as_of=2026-03-01T00:00:00Z")).StatusCode);

        Assert.Equal(4, plans.Count);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        List<string> audited;
        do
        {
            await Task.Delay(100);
            audited = [.. store.ReadAudit(DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Select(r => r.AccountId)];
        }
        while (audited.Count < 4 && DateTime.UtcNow < deadline);
        Assert.Equal(["A0000005", "A1", "A1", "A1"], audited.Order(StringComparer.Ordinal));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public void Dispose() => _factory.Dispose();
}
