using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RepaymentScoring.Api.Tests.Infrastructure;

public sealed class LogRedactionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    /// <summary>Captures every message, structured value, scope and exception text a provider is given.</summary>
    private sealed class CapturingProvider : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider? _scopes;
        public ConcurrentQueue<string> Lines { get; } = new();
        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;
        public void Dispose() { }

        private sealed class Logger(CapturingProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes?.Push(state);
            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var parts = new List<string> { category, formatter(state, exception), exception?.ToString() ?? "" };
                if (state is IEnumerable<KeyValuePair<string, object?>> values) parts.AddRange(values.Select(v => $"{v.Key}={v.Value}"));
                owner._scopes?.ForEachScope((scope, list) =>
                {
                    list.Add(scope?.ToString() ?? "");
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs) list.AddRange(pairs.Select(p => $"{p.Key}={p.Value}"));
                }, parts);
                owner.Lines.Enqueue(string.Join(" | ", parts));
            }
        }
    }

    [Fact]
    public async Task Account_ids_in_request_paths_reach_no_log_even_with_every_category_at_trace()
    {
        var capture = new CapturingProvider();
        using var traced = factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Logging:LogLevel:Default", "Trace");
            b.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Trace");
            b.ConfigureLogging(l => l.AddProvider(capture).SetMinimumLevel(LogLevel.Trace));
        });
        var client = traced.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.ScorerKey);
        await client.GetAsync("/v1/accounts/SECRETID42/plan?as_of=2026-03-01T00:00:00Z");
        await client.GetAsync("/v1/accounts/SECRETID42/scores");
        await client.GetAsync("/v1/accounts/SECRETID42/nothing-here");
        Assert.Contains(capture.Lines, l => l.Contains("/v1/accounts/{accountId}/plan", StringComparison.Ordinal));
        Assert.DoesNotContain(capture.Lines, l => l.Contains("SECRETID42", StringComparison.Ordinal));
    }

    [Fact]
    public void Outside_development_the_service_refuses_to_start_without_a_log_secret()
    {
        using var production = factory.WithWebHostBuilder(b => b.UseEnvironment("Production").UseSetting("Audit:LogSecret", "short"));
        var e = Assert.ThrowsAny<Exception>(() => production.CreateClient());
        Assert.Contains("Audit:LogSecret", (e as OptionsValidationException ?? e.InnerException ?? e).Message, StringComparison.Ordinal);
        using var configured = factory.WithWebHostBuilder(b => b.UseEnvironment("Production").UseSetting("Audit:LogSecret", new string('k', 32)));
        Assert.NotNull(configured.Services.GetRequiredService<RepaymentScoring.Api.Audit.AuditTrail>());
    }
}
