using Microsoft.Extensions.Configuration;
using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Planning;

namespace RepaymentScoring.Cli.Infrastructure;

/// <summary>
/// The sections <c>Channels</c> (extra channels and their kind), <c>Compliance</c> and <c>Planning</c>,
/// read and checked at start: a bad value stops the program with the setting's name.
/// </summary>
internal static class PlanningConfiguration
{
    public static (ComplianceRules Rules, PlanningOptions Options) Load(IConfiguration configuration)
    {
        var declared = new Dictionary<string, ChannelKind>(StringComparer.Ordinal);
        foreach (var entry in configuration.GetSection("Channels").GetChildren())
        {
            if (!Enum.TryParse<ChannelKind>(entry.Value, ignoreCase: true, out var kind) || kind == ChannelKind.None)
                throw new UserError($"Channels:{entry.Key}: '{entry.Value}' is not a channel kind (Call, ElectronicMessage, Mail, Visit).");
            declared[entry.Key] = kind;
        }
        try
        {
            var channels = new ChannelCatalog(declared);
            var compliance = Bind<ComplianceSettings>(configuration, "Compliance").Validate();
            var options = Bind<PlanningOptions>(configuration, "Planning").Validate(channels);
            return (new ComplianceRules(compliance, channels), options);
        }
        catch (ArgumentException e)
        {
            throw new UserError($"configuration: {e.Message}");
        }
    }

    private static T Bind<T>(IConfiguration configuration, string section) where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            throw new UserError($"configuration section {section}: {e.Message}");
        }
    }

    /// <summary><c>--as-of</c>: ISO 8601 with an offset; a bare date is 00:00 UTC.</summary>
    public static DateTimeOffset ParseMoment(string text)
    {
        if (Contract.Csv.ContractFormat.TryParseTimestamp(text, out var at, out _)) return at;
        if (Contract.Csv.ContractFormat.TryParseDate(text, out var day, out _)) return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        throw new UserError($"--as-of '{text}' is not an ISO 8601 timestamp with an offset (2026-05-05T04:00:00Z) or a date.");
    }
}
