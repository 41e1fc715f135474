namespace RepaymentScoring.Compliance;

/// <summary>The active compliance profile and its settings (DOMAIN.md, "The compliance profiles, exactly").</summary>
public sealed record ComplianceSettings
{
    public const string ChinaDefault = "cn-default";
    public const string UsRegulationF = "us-regf";
    public static readonly IReadOnlyList<string> Profiles = [ChinaDefault, UsRegulationF];

    /// <summary><c>cn-default</c> or <c>us-regf</c>.</summary>
    public string Profile { get; init; } = ChinaDefault;

    /// <summary>No collection contact before this many days past due.</summary>
    public int FirstDpd { get; init; } = 7;

    /// <summary>Field visits and legal escalation only above this DPD.</summary>
    public int LateDpd { get; init; } = 90;

    /// <summary>After an active promise's date, wait this many more days.</summary>
    public int PromiseGraceDays { get; init; } = 3;

    /// <summary>Throws naming the setting when a value is not usable.</summary>
    public ComplianceSettings Validate()
    {
        if (!Profiles.Contains(Profile))
            throw new ArgumentException($"Compliance:Profile '{Profile}' does not exist; use one of {string.Join(", ", Profiles)}.");
        if (FirstDpd < 0) throw new ArgumentException($"Compliance:FirstDpd must be 0 or more (was {FirstDpd}).");
        if (LateDpd < FirstDpd) throw new ArgumentException($"Compliance:LateDpd must be at least Compliance:FirstDpd (was {LateDpd}).");
        if (PromiseGraceDays < 0) throw new ArgumentException($"Compliance:PromiseGraceDays must be 0 or more (was {PromiseGraceDays}).");
        return this;
    }
}
