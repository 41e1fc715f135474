namespace RepaymentScoring.Simulation;

/// <summary>
/// Every knob of the simulated lender in one place. Defaults give a portfolio where channel,
/// hour, stage and intensity matter, so that learning which action helps whom is a real problem.
/// </summary>
public sealed record SimulationSettings
{
    public int Accounts { get; init; } = 2_000;
    public int Days { get; init; } = 90;
    public ulong Seed { get; init; } = 1;

    /// <summary>First simulated local day (every account's calendar starts here, in its own zone).</summary>
    public DateOnly StartDate { get; init; } = new(2026, 1, 5);

    /// <summary>1 for daily snapshots, 7 for weekly (each account on its own weekday), 30 for per cycle.</summary>
    public int SnapshotEveryDays { get; init; } = 7;

    /// <summary>IANA zones and their shares; the US zones bring daylight-saving changes into the data.</summary>
    public IReadOnlyList<(string Zone, double Share)> TimeZones { get; init; } =
        [("Asia/Shanghai", 0.5), ("America/Chicago", 0.2), ("America/New_York", 0.2), ("America/Los_Angeles", 0.1)];

    /// <summary>Share of accounts already overdue on day 0 (the rest are current and may miss a due date later).</summary>
    public double InitiallyDelinquentShare { get; init; } = 0.7;

    /// <summary>Share of accounts the logging strategy never contacts (a no-contact control group, logged as <c>none</c> decisions).</summary>
    public double ControlGroupShare { get; init; } = 0.05;

    /// <summary>Share of the logging strategy's decisions drawn uniformly among compliant actions instead of its rules.</summary>
    public double RandomizedShare { get; init; } = 0.2;

    /// <summary>Daily chance that a hardship spell begins (scaled up for customers of low ability to pay).</summary>
    public double HardshipDailyRate { get; init; } = 0.002;

    /// <summary>DPD at which an account is charged off and passed to litigation (no more contact).</summary>
    public int ChargeOffDpd { get; init; } = 180;

    /// <summary>Daily chance, over DPD 120, that an account moves to pre-legal.</summary>
    public double PreLegalDailyRate { get; init; } = 0.02;

    /// <summary>Log weekly payment intensity of an average customer with no contact (about 12% a week).</summary>
    public double BaseLogIntensity { get; init; } = -2.0;

    /// <summary>Chance that a complaint turns into a cease-contact request.</summary>
    public double CeaseAfterComplaint { get; init; } = 0.1;

    /// <summary>Cost per contact, in the deployment's currency.</summary>
    public IReadOnlyDictionary<string, decimal> ChannelCosts { get; init; } = Contract.Channels.ChannelCatalog.DefaultCosts;

    /// <summary>Monte Carlo paths per snapshot for the true 30-day repayment probability (Rao-Blackwellised, so few suffice); 0 skips it.</summary>
    public int TruthReplicas { get; init; } = 8;

    /// <summary>Compliance profile the logging strategy obeys.</summary>
    public string ComplianceProfile { get; init; } = "cn-default";

    public SimulationSettings Validate()
    {
        if (Accounts < 1) throw new ArgumentException("Accounts must be at least 1.");
        if (Days < 1) throw new ArgumentException("Days must be at least 1.");
        if (TruthReplicas < 0) throw new ArgumentException("TruthReplicas must be 0 or more.");
        if (SnapshotEveryDays < 1) throw new ArgumentException("SnapshotEveryDays must be at least 1.");
        if (RandomizedShare is < 0 or > 1) throw new ArgumentException("RandomizedShare must be within 0..1.");
        if (ControlGroupShare is < 0 or >= 1) throw new ArgumentException("ControlGroupShare must be within 0..1 (exclusive).");
        if (TimeZones.Count == 0 || TimeZones.Any(z => !TimeZoneInfo.TryFindSystemTimeZoneById(z.Zone, out _)))
            throw new ArgumentException("TimeZones must name IANA zones known on this machine.");
        return this;
    }
}
