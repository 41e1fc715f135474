using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Simulation.Engine;

namespace RepaymentScoring.Simulation.Customers;

/// <summary>
/// The hidden traits of one simulated customer. Some surface as contract columns (age, product)
/// or extra feature columns (employment, income_band, digital_engagement, bureau_score); ability,
/// willingness and the exact channel affinities stay hidden, as in real life.
/// </summary>
public sealed class CustomerProfile
{
    public required Account Account { get; init; }
    public required TimeZoneInfo Zone { get; init; }
    public required int Age { get; init; }
    public required string Employment { get; init; }
    public required double Ability { get; init; }
    public required double Willingness { get; init; }
    public required double Digital { get; init; }
    /// <summary>Local hour at which this customer is easiest to reach by phone.</summary>
    public required double PeakHour { get; init; }
    public required IReadOnlyDictionary<string, double> Affinity { get; init; }
    /// <summary>The affinities before this customer's own log-normal spread: what age, income and digital habits say.</summary>
    public required IReadOnlyDictionary<string, double> TypicalAffinity { get; init; }
    public required decimal Installment { get; init; }
    public required bool ControlGroup { get; init; }
    /// <summary>Weekday offset of this account's weekly snapshot.</summary>
    public required int SnapshotOffset { get; init; }

    public static readonly string[] FeatureColumns = ["employment", "income_band", "digital_engagement", "bureau_score"];

    public static CustomerProfile Create(int index, SimulationSettings settings, SimRandom r, out decimal balance, out int initialDpd)
    {
        var age = Math.Clamp((int)Math.Round(42 + 13 * r.Normal()), 18, 85);
        var employment = age >= 63 ? (r.Chance(0.8) ? "retired" : "employed")
            : age < 24 && r.Chance(0.4) ? "student"
            : r.Pick(EmploymentMix);
        var income = Math.Exp(10.3 + 0.5 * r.Normal() + (employment is "employed" or "self_employed" ? 0.3 : -0.2));
        var ability = Sigmoid(1.2 * (Math.Log(income) - 10.4) + 0.6 * r.Normal() + (employment == "unemployed" ? -1.2 : 0));
        var willingness = Sigmoid(0.8 * r.Normal() + 0.3);
        var youth = Math.Clamp((60.0 - age) / 40.0, 0, 1);
        var digital = Math.Clamp(0.2 + 0.6 * youth + 0.2 * r.Normal(), 0, 1);
        var peak = DrawPeakHour(employment, r.Normal());
        var typical = TypicalAffinityOf(youth, digital, income > 45_000);
        // Drawn in the dictionary's order, as always: the same seed gives the same customers.
        var affinity = typical.ToDictionary(a => a.Key, a => a.Value * AffinityNoise(r), StringComparer.Ordinal);

        var product = r.NextDouble() switch { < 0.40 => "credit_card", < 0.65 => "personal_loan", < 0.80 => "auto_loan", < 0.95 => "bnpl", _ => "other" };
        var (principal, months) = product switch
        {
            "credit_card" => (Money(800 + 6000 * r.NextDouble() * (0.5 + ability)), 20),
            "personal_loan" => (Money(2000 + 25000 * r.NextDouble()), 36),
            "auto_loan" => (Money(6000 + 30000 * r.NextDouble()), 60),
            "bnpl" => (Money(60 + 900 * r.NextDouble()), 4),
            _ => (Money(500 + 5000 * r.NextDouble()), 12),
        };
        var installment = Money((double)principal / months);
        initialDpd = r.Chance(settings.InitiallyDelinquentShare) ? 1 + (int)Math.Min(170, -45 * Math.Log(1 - r.NextDouble())) : 0;
        balance = Money((double)principal * (0.4 + 0.6 * r.NextDouble()));
        if (balance < installment * 2) balance = installment * 2;

        var zone = PickZone(settings, r);
        var optedOut = new List<string>();
        if (r.Chance(0.03)) optedOut.Add("sms");
        if (r.Chance(0.03)) optedOut.Add("email");
        HourRange? preferred = r.Chance(0.08) ? (employment is "employed" ? new HourRange(18, 20) : new HourRange(9, 12)) : null;
        var features = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["employment"] = employment,
            ["income_band"] = income switch { < 20_000 => "low", < 45_000 => "middle", _ => "high" },
            ["digital_engagement"] = Math.Round(digital * 30 + 3 * r.Normal()).ToString("0", System.Globalization.CultureInfo.InvariantCulture),
            ["bureau_score"] = Math.Round(300 + 550 * Math.Clamp(0.6 * ability + 0.4 * willingness + 0.1 * r.Normal(), 0, 1)).ToString("0", System.Globalization.CultureInfo.InvariantCulture),
        };
        var account = new Account(
            AccountId: $"A{index:D7}",
            Product: product,
            OpenedOn: settings.StartDate.AddDays(-(60 + r.Next(1500))),
            CreditLimit: product == "credit_card" ? Money((double)principal * 1.3) : null,
            OriginalPrincipal: product == "credit_card" ? null : principal,
            CustomerAge: age,
            Region: r.Pick(Regions),
            TimeZone: zone.Id,
            OptedOut: optedOut,
            PreferredHours: preferred,
            Features: features);
        return new CustomerProfile
        {
            Account = account, Zone = zone, Age = age, Employment = employment, Ability = ability, Willingness = willingness,
            Digital = digital, PeakHour = peak, Affinity = affinity, TypicalAffinity = typical, Installment = installment,
            ControlGroup = r.Chance(settings.ControlGroupShare), SnapshotOffset = r.Next(7),
        };
    }

    /// <summary>
    /// Another customer with everything this one shows and hides alike, except the two traits no
    /// column reveals: the peak hour and the channel affinities, drawn again from their population
    /// given the employment, age, income and digital habits. Validation averages the truth over such
    /// customers to value what a policy that knew everything but those two could do.
    /// </summary>
    public CustomerProfile Redraw(SimRandom r) => new()
    {
        Account = Account, Zone = Zone, Age = Age, Employment = Employment, Ability = Ability, Willingness = Willingness,
        Digital = Digital, PeakHour = DrawPeakHour(Employment, r.Normal()),
        Affinity = TypicalAffinity.ToDictionary(a => a.Key, a => a.Value * AffinityNoise(r), StringComparer.Ordinal),
        TypicalAffinity = TypicalAffinity, Installment = Installment, ControlGroup = ControlGroup, SnapshotOffset = SnapshotOffset,
    };

    private static double DrawPeakHour(string employment, double normal) => employment switch
    {
        "retired" => 10 + 1.5 * normal,
        "student" => 20 + 0.8 * normal,
        "self_employed" => 13 + 2 * normal,
        "unemployed" => 11 + 2 * normal,
        _ => 19 + 0.8 * normal,
    };

    private static Dictionary<string, double> TypicalAffinityOf(double youth, double digital, bool highIncome) => new(StringComparer.Ordinal)
    {
        ["sms"] = 0.25 + 0.5 * youth + 0.3 * digital,
        ["email"] = 0.10 + 0.5 * digital + (highIncome ? 0.2 : 0),
        ["phone"] = 0.55 + 0.45 * (1 - youth),
        ["letter"] = 0.20 + 0.40 * (1 - youth),
        ["visit"] = 1.2,
    };

    private static double AffinityNoise(SimRandom r) => Math.Exp(0.3 * r.Normal());

    private static readonly string[] EmploymentMix = ["employed", "employed", "employed", "employed", "self_employed", "self_employed", "unemployed"];
    private static readonly string[] Regions = ["north", "south", "east", "west", "central"];

    private static TimeZoneInfo PickZone(SimulationSettings settings, SimRandom r)
    {
        var u = r.NextDouble() * settings.TimeZones.Sum(z => z.Share);
        foreach (var (zone, share) in settings.TimeZones)
        {
            if (u < share) return TimeZoneInfo.FindSystemTimeZoneById(zone);
            u -= share;
        }
        return TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZones[^1].Zone);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    internal static decimal Money(double x) => Math.Round((decimal)Math.Max(x, 1), 2);
}
