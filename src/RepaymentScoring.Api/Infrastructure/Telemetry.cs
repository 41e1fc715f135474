using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RepaymentScoring.Api.Auth;

namespace RepaymentScoring.Api.Infrastructure;

/// <summary>Settings of section <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    /// <summary>An OTLP collector (http://collector:4317) that receives metrics and traces; empty: no export.</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>Lets <c>/metrics</c> be scraped without a key (for a private network); by default it takes an admin key.</summary>
    public bool AnonymousMetrics { get; set; }
}

/// <summary>
/// OpenTelemetry for metrics and traces (exported by OTLP when <c>Telemetry:OtlpEndpoint</c> is set),
/// and a Prometheus scrape endpoint <c>/metrics</c> carrying the service's meter. Traces name requests
/// by route template and record redacted paths: an account id never leaves in a span.
/// </summary>
internal static class Telemetry
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Telemetry").Get<TelemetryOptions>() ?? new();
        services.AddOptions<TelemetryOptions>().BindConfiguration("Telemetry")
            .Validate(o => o.OtlpEndpoint.Length == 0 || OtlpUri(o) is not null, "Telemetry:OtlpEndpoint must be an http(s) URI such as http://collector:4317, or empty.")
            .ValidateOnStart();
        var otlp = OtlpUri(options);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("repayment-scoring-api"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ApiMetrics.MeterName).AddPrometheusExporter();
                if (otlp is not null) metrics.AddOtlpExporter(o => o.Endpoint = otlp);
            })
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(o =>
                {
                    o.EnrichWithHttpRequest = (activity, request) =>
                    {
                        activity.SetTag("url.path", LogRedaction.Redact(request.Path.Value ?? ""));
                        activity.SetTag("url.query", null);
                    };
                    o.EnrichWithHttpResponse = (activity, response) =>
                    {
                        if ((response.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText is { } route)
                            activity.DisplayName = $"{response.HttpContext.Request.Method} {route}";
                    };
                });
                if (otlp is not null) tracing.AddOtlpExporter(o => o.Endpoint = otlp);
            });
        return services;
    }

    private static Uri? OtlpUri(TelemetryOptions options) =>
        Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;

    public static void MapMetricsEndpoint(this IEndpointRouteBuilder routes)
    {
        var anonymous = routes.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelemetryOptions>>().Value.AnonymousMetrics;
        // OpenTelemetry's own Prometheus exporter (a beta) rather than prometheus-net (stable): it reads the same
        // meter provider as the OTLP export, so a metric has one name and unit in both; prometheus-net's meter
        // adapter publishes counters as gauges and skipped this service's counters and histograms when tried.
        var endpoint = routes.MapPrometheusScrapingEndpoint(MetricsPath).WithTags("Telemetry").WithDisplayName("Prometheus metrics");
        if (!anonymous) endpoint.RequireAuthorization(ApiKeys.AdminPolicy);
    }
}
