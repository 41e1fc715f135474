using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace RepaymentScoring.Api.Tests.Infrastructure;

public sealed class TelemetryTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    /// <summary>The names README's telemetry section lists, as Prometheus shows them.</summary>
    public static readonly string[] ListedNames =
    [
        "repay_requests_total", "repay_request_duration_milliseconds_bucket", "repay_plans_total", "repay_model_version",
    ];

    [Fact]
    public async Task Metrics_are_scraped_with_an_admin_key_and_carry_the_listed_names()
    {
        var admin = factory.Client(ApiFactory.AdminKey);
        var plan = await factory.Client(ApiFactory.ScorerKey).PostAsync("/v1/plans", new StringContent(PlanRequests.Valid, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Client(null).GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.Client(ApiFactory.ScorerKey).GetAsync("/metrics")).StatusCode);
        var scrape = await admin.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        var text = await scrape.Content.ReadAsStringAsync();
        foreach (var name in ListedNames) Assert.Contains(name, text, StringComparison.Ordinal);
        Assert.Contains("route=\"/v1/plans/\"", text, StringComparison.Ordinal);

        using var open = factory.WithWebHostBuilder(b => b.UseSetting("Telemetry:AnonymousMetrics", "true"));
        Assert.Equal(HttpStatusCode.OK, (await open.CreateClient().GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Traces_name_requests_by_route_template_and_never_carry_an_account_id()
    {
        var spans = new List<Activity>();
        using var traced = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))));
        var client = traced.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.ScorerKey);
        // Other tests' hosts in this process trace too: this request is found by its own trace id.
        var trace = ActivityTraceId.CreateRandom();
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/accounts/SECRETID42/plan?as_of=2026-03-01T00:00:00Z");
        request.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        await client.SendAsync(request);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!spans.ToList().Any(s => s.TraceId == trace) && DateTime.UtcNow < deadline) await Task.Delay(50);
        var span = Assert.Single(spans.ToList(), s => s.TraceId == trace);
        Assert.Equal("GET /v1/accounts/{accountId}/plan", span.DisplayName);
        Assert.DoesNotContain(spans.ToList().SelectMany(s => s.TagObjects), t => t.Value?.ToString()?.Contains("SECRETID42", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void An_otlp_endpoint_that_is_not_a_uri_stops_the_service_naming_the_setting()
    {
        using var wrong = factory.WithWebHostBuilder(b => b.UseSetting("Telemetry:OtlpEndpoint", "collector:4317 please"));
        var e = Assert.ThrowsAny<Exception>(() => wrong.CreateClient());
        Assert.Contains("Telemetry:OtlpEndpoint", e.ToString(), StringComparison.Ordinal);
    }
}
