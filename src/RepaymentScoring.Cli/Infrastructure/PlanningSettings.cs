using Microsoft.Extensions.Configuration;
using RepaymentScoring.Compliance;
using RepaymentScoring.Planning;

namespace RepaymentScoring.Cli.Infrastructure;

/// <summary>Configuration errors as one-line user errors; the moment format of <c>--as-of</c>.</summary>
internal static class PlanningSettings
{
    public static (ComplianceRules Rules, PlanningOptions Options) Load(IConfiguration configuration)
    {
        try
        {
            return PlanningConfiguration.Load(configuration);
        }
        catch (ArgumentException e)
        {
            throw new UserError($"configuration: {e.Message}");
        }
    }

    /// <summary>The channel catalogue every verb uses: the built-in channels and those configured in section Channels.</summary>
    public static Contract.Channels.ChannelCatalog Channels(IConfiguration configuration)
    {
        try
        {
            return PlanningConfiguration.Channels(configuration);
        }
        catch (ArgumentException e)
        {
            throw new UserError($"configuration: {e.Message}");
        }
    }

    /// <summary><c>--as-of</c>: ISO 8601 with an offset; a bare date is 00:00 UTC.</summary>
    public static DateTimeOffset ParseMoment(string text, string option = "--as-of")
    {
        if (Contract.Csv.ContractFormat.TryParseTimestamp(text, out var at, out _)) return at;
        if (Contract.Csv.ContractFormat.TryParseDate(text, out var day, out _)) return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        throw new UserError($"{option} '{text}' is not an ISO 8601 timestamp with an offset (2026-05-05T04:00:00Z) or a date.");
    }
}
