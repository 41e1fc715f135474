using Microsoft.Extensions.Configuration;
using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Channels;

namespace RepaymentScoring.Planning;

/// <summary>
/// The sections <c>Channels</c> (extra channels and their kind), <c>Compliance</c> and <c>Planning</c>,
/// read and checked at start: a bad value throws an <see cref="ArgumentException"/> naming the setting.
/// </summary>
public static class PlanningConfiguration
{
    public static (ComplianceRules Rules, PlanningOptions Options) Load(IConfiguration configuration)
    {
        var channels = Channels(configuration);
        var compliance = Bind<ComplianceSettings>(configuration, "Compliance").Validate();
        var options = Bind<PlanningOptions>(configuration, "Planning").Validate(channels);
        return (new ComplianceRules(compliance, channels), options);
    }

    /// <summary>The channel catalogue: the built-in channels and those section <c>Channels</c> adds (name: kind).</summary>
    public static ChannelCatalog Channels(IConfiguration configuration)
    {
        var declared = new Dictionary<string, ChannelKind>(StringComparer.Ordinal);
        foreach (var entry in configuration.GetSection("Channels").GetChildren())
        {
            if (!Enum.TryParse<ChannelKind>(entry.Value, ignoreCase: true, out var kind) || kind == ChannelKind.None)
                throw new ArgumentException($"Channels:{entry.Key}: '{entry.Value}' is not a channel kind (Call, ElectronicMessage, Mail, Visit).");
            declared[entry.Key] = kind;
        }
        return new ChannelCatalog(declared);
    }

    private static T Bind<T>(IConfiguration configuration, string section) where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"configuration section {section}: {e.Message}", e);
        }
    }
}
