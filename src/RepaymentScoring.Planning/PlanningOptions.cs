using RepaymentScoring.Contract.Channels;

namespace RepaymentScoring.Planning;

/// <summary>How plans are valued and chosen (configuration section <c>Planning</c>).</summary>
public sealed record PlanningOptions
{
    /// <summary>Probability of choosing uniformly among the compliant actions instead of the best one.</summary>
    public double ExplorationRate { get; init; }

    /// <summary>Cost of one contact per channel.</summary>
    public Dictionary<string, decimal> ChannelCosts { get; init; } = new(ChannelCatalog.DefaultCosts);

    /// <summary>What one expected complaint or opt-out costs the lender, in currency.</summary>
    public decimal ComplaintPenalty { get; init; } = 50m;

    /// <summary>Local hours a contact may be planned at (the profile's contact hours still apply).</summary>
    public int FirstHour { get; init; } = 8;
    public int LastHour { get; init; } = 20;

    /// <summary>Letters have no hour rule; they are planned at this local hour.</summary>
    public int LetterHour { get; init; } = 10;

    /// <summary>Days until an account that waits is planned again.</summary>
    public int ReplanDays { get; init; } = 7;

    /// <summary>Risk tiers from the 30-day repayment propensity: below the first is high, below the second medium.</summary>
    public double HighRiskBelow { get; init; } = 0.25;
    public double MediumRiskBelow { get; init; } = 0.5;

    /// <summary>Late accounts (over the profile's late DPD) below this propensity are proposed for legal review.</summary>
    public double LegalReviewBelow { get; init; } = 0.15;

    /// <summary>
    /// How a plan's reasons are computed when a call does not say: exact SHAP (the default: the API's
    /// plans), approximate path contributions (a tree walk; DESIGN.md: approximate on hot paths) or none.
    /// </summary>
    public ReasonsMethod Reasons { get; init; } = ReasonsMethod.Exact;

    /// <summary>Throws naming the setting when a value cannot be used.</summary>
    public PlanningOptions Validate(ChannelCatalog channels)
    {
        if (ExplorationRate is < 0 or > 1 || double.IsNaN(ExplorationRate))
            throw new ArgumentException($"Planning:ExplorationRate must be within 0..1 (was {ExplorationRate}).");
        foreach (var (channel, cost) in ChannelCosts)
        {
            if (!channels.TryGet(channel, out var d) || d.Kind == ChannelKind.None)
                throw new ArgumentException($"Planning:ChannelCosts:{channel}: unknown channel (known: {string.Join(", ", channels.ContactChannels)}).");
            if (cost < 0) throw new ArgumentException($"Planning:ChannelCosts:{channel} must be 0 or more.");
        }
        if (FirstHour is < 0 or > 23 || LastHour is < 0 or > 23 || FirstHour > LastHour)
            throw new ArgumentException($"Planning:FirstHour and Planning:LastHour must be hours 0..23, the first not after the last (were {FirstHour}, {LastHour}).");
        if (LetterHour is < 0 or > 23) throw new ArgumentException($"Planning:LetterHour must be 0..23 (was {LetterHour}).");
        if (ReplanDays < 1) throw new ArgumentException($"Planning:ReplanDays must be at least 1 (was {ReplanDays}).");
        if (ComplaintPenalty < 0) throw new ArgumentException("Planning:ComplaintPenalty must be 0 or more.");
        if (!Enum.IsDefined(Reasons)) throw new ArgumentException($"Planning:Reasons must be none, approximate or exact (was {Reasons}).");
        if (!(HighRiskBelow <= MediumRiskBelow)) throw new ArgumentException("Planning:HighRiskBelow must not exceed Planning:MediumRiskBelow.");
        return this;
    }
}
