using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RepaymentScoring.Api.Infrastructure;

/// <summary>
/// Keeps account ids out of every log: the logger factory itself is wrapped, so whatever category,
/// level or provider configuration says, a message, its structured values, its scopes (the request
/// path of ASP.NET Core's own logs) and its exception text reach a provider with the id segment of
/// <c>/v1/accounts/{id}</c> replaced by <c>{accountId}</c>.
/// </summary>
internal static partial class LogRedaction
{
    public const string Placeholder = "{accountId}";

    [GeneratedRegex(@"(?<=/v1/accounts/)[^/?#\s'""]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AccountSegment();

    public static string Redact(string text) =>
        text.Contains("/v1/accounts/", StringComparison.OrdinalIgnoreCase) ? AccountSegment().Replace(text, Placeholder) : text;

    /// <summary>Replaces the host's logger factory with one that redacts; call after every logging registration.</summary>
    public static IServiceCollection AddLogRedaction(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(s => new RedactingLoggerFactory(ActivatorUtilities.CreateInstance<LoggerFactory>(s))));
        return services;
    }

    private sealed class RedactingLoggerFactory(LoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));
        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);
        public void Dispose() => inner.Dispose();
    }

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(RedactedState.Of(state, state.ToString() ?? ""));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel)) return;
            var message = Redact(formatter(state, exception));
            var error = exception is not null && Redact(exception.ToString()) is var text && text != exception.ToString()
                ? new RedactedException(exception.GetType().FullName ?? "Exception", text) : exception;
            inner.Log(logLevel, eventId, RedactedState.Of(state, message), error, static (s, _) => s.Message);
        }
    }

    /// <summary>A log state's values with every text redacted, and its message already formatted and redacted.</summary>
    private sealed class RedactedState(string message, KeyValuePair<string, object?>[] values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message { get; } = message;

        public static RedactedState Of<TState>(TState state, string message)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value switch
                {
                    null => null,
                    string s => Redact(s),
                    // Numbers, dates and flags carry no id; anything else (a path, a URI) is kept as redacted text.
                    IConvertible c when c is not string => c,
                    var other => Redact(other.ToString() ?? ""),
                })).ToArray()
                : [];
            return new RedactedState(Redact(message), values);
        }

        public KeyValuePair<string, object?> this[int index] => values[index];
        public int Count => values.Length;
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)values).GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        public override string ToString() => Message;
    }

    /// <summary>Stands for an exception whose text named an account: its type and redacted text, no live object.</summary>
    private sealed class RedactedException(string type, string text) : Exception($"{type}: {text}")
    {
        public override string ToString() => Message;
    }
}
