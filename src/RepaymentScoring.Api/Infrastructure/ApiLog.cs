namespace RepaymentScoring.Api.Infrastructure;

/// <summary>
/// Every message the service logs, source-generated (no formatting, boxing or argument work when the
/// level is off). None carries an account id or an amount: accounts appear as keyed hashes.
/// </summary>
internal static partial class ApiLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Serving model version {Version} (was {Previous})")]
    public static partial void ServingModel(this ILogger logger, string version, string previous);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused model version {Version}: {Reason}; still serving {Current}")]
    public static partial void RefusedModel(this ILogger logger, string version, string reason, string current);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store {Store} is not reachable at start ({Reason}); account endpoints answer 503 until it is")]
    public static partial void StoreUnreachableAtStart(this ILogger logger, string store, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Store unavailable ({Reason}): {Count} audit rows spilled to {File}")]
    public static partial void AuditSpilled(this ILogger logger, string reason, int count, string file);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replayed {Count} spilled audit rows")]
    public static partial void AuditReplayed(this ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} audit rows older than {Days} days")]
    public static partial void AuditPurged(this ILogger logger, int count, int days);

    [LoggerMessage(Level = LogLevel.Information, Message = "Unknown account {AccountHash} requested")]
    public static partial void UnknownAccount(this ILogger logger, string accountHash);
}
