using System.Security.Cryptography;
using System.Text;
using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Features;

/// <summary>An extra account column: numeric (its value) or categorical (a code per category, in order of first sight).</summary>
public sealed record ExtraFeature(string Name, string Kind, List<string> Categories)
{
    public const string Numeric = FeatureKinds.Numeric;
    public const string Categorical = FeatureKinds.Categorical;
}

/// <summary>
/// The feature layout both models are trained on and served with: names in column order and every
/// encoding (channels, regions, categories of extra columns). Written into each model's manifest;
/// a model is only served by a build whose schema matches.
/// </summary>
public sealed class FeatureSchema
{
    public const int Version = 3;

    public FeatureSchema(IReadOnlyList<string> channels, IEnumerable<ExtraFeature> extras, List<string>? regions = null)
    {
        Channels = channels;
        Extras = extras.ToList();
        Regions = regions ?? [];
        StateNames = BuildStateNames();
        ResponseNames = [.. StateNames, .. ActionNames()];
        _columnIndex = ResponseNames.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i, StringComparer.Ordinal);
    }

    private readonly Dictionary<string, int> _columnIndex;

    /// <summary>The column of a feature in a response row (state columns come first, so also in a state row).</summary>
    public int IndexOf(string feature) =>
        _columnIndex.TryGetValue(feature, out var i) ? i : throw new KeyNotFoundException($"No feature '{feature}' in this schema.");

    /// <summary>Contact channels, in the order of the per-channel and action columns.</summary>
    public IReadOnlyList<string> Channels { get; }
    public List<ExtraFeature> Extras { get; }
    public List<string> Regions { get; }

    /// <summary>When frozen (a trained model's schema), unseen categories read as missing instead of growing the lists.</summary>
    public bool Frozen { get; set; }

    /// <summary>Columns of the propensity model: the account and its state at the decision.</summary>
    public IReadOnlyList<string> StateNames { get; }

    /// <summary>Columns of the response model: the state, then the action.</summary>
    public IReadOnlyList<string> ResponseNames { get; }

    public static readonly string[] Products = [.. Account.Products];

    private static readonly string[] StaticNames =
        ["account_age_days", "credit_limit", "original_principal", "customer_age", "region", "preferred_hours_from", "preferred_hours_to", "opted_out_count"];

    public static readonly string[] WindowedChannelStats = ["7d", "30d", "90d", "days_since", "response_rate_90d"];

    /// <summary>Local hour bands of the answered share of calls and visits: when this customer picks up.</summary>
    public static readonly (string Name, int From, int To)[] AnsweredBands = [("morning", 0, 12), ("afternoon", 12, 17), ("evening", 17, 24)];

    /// <summary>A short hash of the layout (names and kinds, not category lists, which grow with data).</summary>
    public string LayoutFingerprint =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"v{Version}|{string.Join(',', ResponseNames)}|{string.Join(',', Extras.Select(e => $"{e.Name}:{e.Kind}"))}")))[..16];

    private List<string> BuildStateNames()
    {
        var names = new List<string>();
        names.AddRange(Products.Select(p => $"product_{p}"));
        names.AddRange(StaticNames);
        names.AddRange(Extras.Select(e => $"x_{e.Name}"));
        names.AddRange(["days_past_due", "amount_due", "balance", "due_share_of_balance", "hardship", "promise_active", "promise_days_left",
            "legal_pre_legal", "legal_litigation", "cease_contact", "snapshot_age_days"]);
        names.AddRange(["payments_30d", "paid_30d_share_of_due", "payments_90d", "days_since_payment", "paid_90d"]);
        names.AddRange(["contacts_7d", "contacts_30d", "complaints_60d", "promises_30d", "broken_promises_90d", "conversations_30d", "waits_30d", "days_since_contact"]);
        names.AddRange(AnsweredBands.Select(b => $"answered_{b.Name}_90d"));
        foreach (var c in Channels)
            names.AddRange(WindowedChannelStats.Select(s => $"{c}_{s}"));
        return names;
    }

    private IEnumerable<string> ActionNames() =>
        [.. Channels.Prepend("none").Select(c => $"action_{c}"), "action_intensity", "action_hour", ReachColumn];

    /// <summary>
    /// P(the contact is answered) at the action's hour, from the version's reach model (calls and
    /// visits; missing for other actions and until a model fills it): the builder leaves it missing.
    /// </summary>
    public const string ReachColumn = "action_reach";

    /// <summary>The code of a category, learning it unless frozen; NaN when unknown to a frozen schema.</summary>
    internal static float Code(List<string> categories, string? value, bool frozen)
    {
        if (value is null) return float.NaN;
        var i = categories.IndexOf(value);
        if (i >= 0) return i;
        if (frozen) return float.NaN;
        categories.Add(value);
        return categories.Count - 1;
    }
}
