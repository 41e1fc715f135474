using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Simulation.Customers;
using RepaymentScoring.Simulation.Engine;

namespace RepaymentScoring.Simulation.Truth;

/// <summary>
/// The simulated customer's true behaviour. A decision's 7 days carry a payment intensity
/// Λ = exp(η(state)) × (1 + U(action)); a qualifying payment arrives in them with probability
/// 1 - exp(-Λ), at a rate that is constant over the week.
/// </summary>
public static class ResponseTruth
{
    /// <summary>
    /// Λ for <paramref name="action"/> taken at <paramref name="at"/> on simulation day <paramref name="day"/>;
    /// with <paramref name="respondent"/>, as if the account's customer answered contacts as that one does
    /// (its peak hour and channel affinities; see <see cref="CustomerProfile.Redraw"/>).
    /// </summary>
    public static double WeeklyIntensity(AccountState s, SimulationSettings settings, ContactAction action, DateTimeOffset at, int day,
        CustomerProfile? respondent = null)
    {
        var baseline = Math.Exp(LogBaseline(s, settings, day));
        return action.IsWait ? baseline : baseline * Math.Max(0.2, 1 + Uplift(s, action, at, day, respondent ?? s.Customer));
    }

    /// <summary>True probability of a qualifying payment within 7 days after <paramref name="at"/> under <paramref name="action"/>.</summary>
    public static double PaymentProbability7d(AccountState s, SimulationSettings settings, ContactAction action, DateTimeOffset at, int day,
        CustomerProfile? respondent = null) =>
        1 - Math.Exp(-WeeklyIntensity(s, settings, action, at, day, respondent));

    /// <summary>Log weekly payment intensity with no contact: ability, willingness, stage, hardship and the account's record.</summary>
    internal static double LogBaseline(AccountState s, SimulationSettings settings, int day)
    {
        var c = s.Customer;
        var dpd = s.DaysPastDue(day);
        var stage = dpd switch { < 15 => 0.5, < 30 => 0.0, < 60 => -0.3, < 90 => -0.6, < 180 => -1.0, _ => -2.0 };
        var product = s.Account.Product switch { "bnpl" => 0.2, "auto_loan" => 0.15, "credit_card" => 0.0, _ => -0.05 };
        return settings.BaseLogIntensity
            + 1.4 * (c.Ability - 0.5) + 0.9 * (c.Willingness - 0.5) + stage + product
            - (s.InHardship(day) ? 0.7 : 0)
            - 0.3 * Math.Min(3, s.BrokenPromises)
            - (s.LegalStatus == LegalStatuses.PreLegal ? 0.2 : 0);
    }

    /// <summary>
    /// The action's relative lift: the customer's affinity for the channel, how well the hour suits
    /// them, the stage, and the intensity, which first helps, then stops helping, then hurts.
    /// </summary>
    internal static double Uplift(AccountState s, ContactAction action, DateTimeOffset at, int day, CustomerProfile c)
    {
        var dpd = s.DaysPastDue(day);
        var stage = dpd < 30 ? 0 : dpd <= 90 ? 1 : 2;
        var affinity = c.Affinity.TryGetValue(action.Channel, out var a) ? a : 0.3;
        double[] stageEffect = action.Channel switch
        {
            "sms" => [1.0, 0.6, 0.3],
            "email" => [1.0, 0.5, 0.3],
            "phone" => [0.8, 1.2, 0.9],
            "letter" => [0.5, 0.7, 1.0],
            "visit" => [0.0, 0.0, 1.5],
            _ => [0.5, 0.5, 0.5],
        };
        var n = action.Intensity(s.SameChannelContacts(action.Channel, at, TimeSpan.FromDays(7)));
        var fatigue = (1 - Math.Exp(-0.9 * n)) - 0.07 * Math.Pow(Math.Max(0, n - 2), 1.5);
        var hour = action.Channel == "letter" ? 1.0 : HourFit(c.PeakHour, action.Hour, action.Channel is "phone" or "visit" ? 1.0 : 0.3);
        var annoyed = Math.Exp(-0.4 * s.ComplaintsWithin(day, 60));
        var pressure = s.InHardship(day) && action.Channel is "phone" or "visit" ? 0.4 : 0;
        return affinity * stageEffect[stage] * fatigue * hour * annoyed - pressure;
    }

    /// <summary>How well a local hour suits a customer: 1 at their peak, down to 1 - depth far from it.</summary>
    internal static double HourFit(double peakHour, int hour, double depth) =>
        1 - depth * 0.55 * (1 - Math.Exp(-Math.Pow((hour - peakHour) / 2.5, 2)));

    /// <summary>Chance that one contact draws a complaint, rising with intensity and in hardship.</summary>
    internal static double ComplaintChance(ChannelKind kind, int intensity, bool hardship)
    {
        var basis = kind switch { ChannelKind.Visit => 0.02, ChannelKind.Call => 0.01, ChannelKind.ElectronicMessage => 0.003, _ => 0.001 };
        return Math.Min(0.5, basis * (1 + 0.5 * Math.Pow(Math.Max(0, intensity - 1), 1.5)) * (hardship ? 2 : 1));
    }

    /// <summary>Chance that a message makes the customer opt out of its channel.</summary>
    internal static double OptOutChance(int intensity) => Math.Min(0.3, 0.004 * (1 + 0.4 * Math.Pow(Math.Max(0, intensity - 1), 1.5)));
}
