namespace RepaymentScoring.Features;

/// <summary>The label definitions of the data contract (its defaults; each a setting).</summary>
public sealed record LabelSettings
{
    /// <summary>Repayment propensity window after the snapshot's day starts.</summary>
    public int PropensityDays { get; init; } = 30;

    /// <summary>Channel response window after the contact.</summary>
    public int ResponseDays { get; init; } = 7;

    /// <summary>Payments in the window must reach this share of the amount due.</summary>
    public decimal QualifyingShare { get; init; } = 0.25m;
}
