using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using RepaymentScoring.Api.Infrastructure;

namespace RepaymentScoring.Api.Tests.Infrastructure;

public sealed class MetricsAndLimitsTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    private static StringContent Body() => new(PlanRequests.Valid, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Requests_latency_plans_by_channel_and_the_model_version_are_measured_without_account_ids()
    {
        var measurements = new ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        var client = _factory.Client(ApiFactory.ScorerKey);
        // Only this host's meter: other test classes run services of their own at the same time.
        var scope = _factory.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ApiMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, scope)) l.EnableMeasurementEvents(instrument);
        };
        void Record<T>(Instrument i, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state) =>
            measurements.Add((i.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
        listener.SetMeasurementEventCallback<long>(Record);
        listener.SetMeasurementEventCallback<double>(Record);
        listener.SetMeasurementEventCallback<int>(Record);
        listener.Start();

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/plans", Body())).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/v1/plans", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
        listener.RecordObservableInstruments();

        Assert.Contains(measurements, m => m.Instrument == "repay.requests" && Equals(m.Tags["route"], "/v1/plans/") && Equals(m.Tags["status"], 200));
        Assert.Contains(measurements, m => m.Instrument == "repay.requests" && Equals(m.Tags["status"], 400));
        Assert.Contains(measurements, m => m.Instrument == "repay.request.duration" && m.Value > 0);
        var plan = Assert.Single(measurements, m => m.Instrument == "repay.plans");
        Assert.True(plan.Tags.ContainsKey("channel"));
        Assert.Contains(measurements, m => m.Instrument == "repay.model.version" && m.Value == 1 && m.Tags["version"] is string);
        Assert.DoesNotContain(measurements, m => m.Tags.Values.Any(v => v?.ToString()?.Contains("A1", StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task Over_the_per_key_limit_is_a_429_with_retry_after()
    {
        var limited = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("RateLimit:PermitsPerSecond", "1");
            b.UseSetting("RateLimit:Burst", "2");
        });
        var client = limited.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.ScorerKey);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostAsync("/v1/plans", Body());
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) rejected = response;
        }
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
        Assert.NotNull(rejected);
        Assert.True(rejected.Headers.RetryAfter is not null);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        // Another key has its own bucket; health is never limited.
        var admin = limited.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/v1/plans", Body())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await limited.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    public void Dispose() => _factory.Dispose();
}
