using System.Collections.Frozen;

namespace RepaymentScoring.Contract.Channels;

/// <summary>A channel, its kind and the outcomes a contact over it may have.</summary>
public sealed record ChannelDefinition(string Name, ChannelKind Kind, IReadOnlyList<string> Outcomes)
{
    /// <summary>Phone outcomes that are a conversation (Regulation F's 7-day rule).</summary>
    public static readonly IReadOnlySet<string> ConversationOutcomes =
        new HashSet<string>(["right_party_contact", "promise_to_pay", "refused", "complaint"], StringComparer.Ordinal);

    /// <summary>
    /// Whether a call or visit was answered: any call outcome but no_answer; null when the outcome does
    /// not say (messages, mail, complaints, waits).
    /// </summary>
    public static bool? Answered(string outcome) => outcome switch
    {
        "no_answer" => false,
        "right_party_contact" or "wrong_party" or "promise_to_pay" or "refused" => true,
        _ => null,
    };
}

/// <summary>
/// The channels a deployment knows: the contract's own plus those it declares (ivr, app_push...),
/// each with the kind of rules it falls under. Outcomes follow from the kind.
/// </summary>
public sealed class ChannelCatalog
{
    public const string NoContact = "none";

    private static readonly string[] CallOutcomes = ["no_answer", "right_party_contact", "wrong_party", "promise_to_pay", "refused", "complaint"];
    private static readonly string[] MessageOutcomes = ["delivered", "failed", "opened", "replied", "complaint", "opt_out"];
    private static readonly string[] MailOutcomes = ["sent", "returned"];
    private static readonly string[] NoneOutcomes = ["none"];

    private readonly FrozenDictionary<string, ChannelDefinition> _channels;

    public ChannelCatalog(IEnumerable<KeyValuePair<string, ChannelKind>>? declared = null)
    {
        var all = new Dictionary<string, ChannelDefinition>(StringComparer.Ordinal)
        {
            [NoContact] = Define(NoContact, ChannelKind.None),
            ["phone"] = Define("phone", ChannelKind.Call),
            ["sms"] = Define("sms", ChannelKind.ElectronicMessage),
            ["email"] = Define("email", ChannelKind.ElectronicMessage),
            ["letter"] = Define("letter", ChannelKind.Mail),
            ["visit"] = Define("visit", ChannelKind.Visit),
        };
        foreach (var (name, kind) in declared ?? [])
        {
            if (string.IsNullOrWhiteSpace(name) || !string.Equals(name, name.Trim().ToLowerInvariant(), StringComparison.Ordinal) || name.Contains(';', StringComparison.Ordinal))
                throw new ArgumentException($"Channel name '{name}' must be lower case without spaces or ';'.", nameof(declared));
            if (kind == ChannelKind.None)
                throw new ArgumentException($"Channel '{name}' cannot be of kind None.", nameof(declared));
            if (all.TryGetValue(name, out var existing) && existing.Kind != kind)
                throw new ArgumentException($"Channel '{name}' is built in as {existing.Kind}; it cannot be redeclared as {kind}.", nameof(declared));
            all[name] = Define(name, kind);
        }
        _channels = all.ToFrozenDictionary(StringComparer.Ordinal);
        ContactChannels = _channels.Values.Where(c => c.Kind != ChannelKind.None).Select(c => c.Name).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// Default cost of one contact per built-in channel, in the deployment's currency: the starting
    /// point of the simulator, the training report and the planner, each overridable in its settings.
    /// </summary>
    public static IReadOnlyDictionary<string, decimal> DefaultCosts { get; } = new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["sms"] = 0.05m, ["email"] = 0.01m, ["phone"] = 2.50m, ["letter"] = 1.20m, ["visit"] = 30m,
    };

    /// <summary>The contract's channels only.</summary>
    public static ChannelCatalog Default { get; } = new();

    /// <summary>Every channel that makes a contact (all but <c>none</c>), sorted by name.</summary>
    public IReadOnlyList<string> ContactChannels { get; }

    public bool TryGet(string name, out ChannelDefinition definition) => _channels.TryGetValue(name, out definition!);

    public ChannelDefinition Get(string name) =>
        _channels.TryGetValue(name, out var d) ? d : throw new KeyNotFoundException($"Unknown channel '{name}'.");

    public bool IsKnown(string name) => _channels.ContainsKey(name);

    private static ChannelDefinition Define(string name, ChannelKind kind) => new(name, kind, kind switch
    {
        ChannelKind.Call or ChannelKind.Visit => CallOutcomes,
        ChannelKind.ElectronicMessage => MessageOutcomes,
        ChannelKind.Mail => MailOutcomes,
        _ => NoneOutcomes,
    });
}
