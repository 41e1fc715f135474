using System.Diagnostics;
using System.Diagnostics.Metrics;
using RepaymentScoring.Api.Models;

namespace RepaymentScoring.Api.Infrastructure;

/// <summary>
/// The service's measurements (System.Diagnostics.Metrics, meter <c>RepaymentScoring.Api</c>): requests
/// and their latency by route and status, plans by chosen channel, and the model version served.
/// No account id or amount is ever a tag.
/// </summary>
public sealed class ApiMetrics
{
    public const string MeterName = "RepaymentScoring.Api";
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _plans;

    public ApiMetrics(IMeterFactory meters, ModelProvider models)
    {
        // The factory owns the meter (and disposes it with the host); the audit trail shares it.
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("repay.requests", description: "HTTP requests by route and status");
        _latency = meter.CreateHistogram<double>("repay.request.duration", unit: "ms", description: "HTTP request latency by route");
        _plans = meter.CreateCounter<long>("repay.plans", description: "Plans served by chosen channel");
        meter.CreateObservableGauge("repay.model.version", () =>
            models.Current is { } m ? [new Measurement<int>(1, new KeyValuePair<string, object?>("version", m.Version))] : Array.Empty<Measurement<int>>(),
            description: "1 for the model version being served");
    }

    public void Plan(string channel) => _plans.Add(1, new KeyValuePair<string, object?>("channel", channel));

    /// <summary>Counts every request and its latency, tagged by the route template (never the raw path, which holds account ids).</summary>
    public IApplicationBuilder Measure(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            var tags = new TagList { { "route", route }, { "status", context.Response.StatusCode } };
            _requests.Add(1, tags);
            _latency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("route", route));
        }
    });
}
