using System.Globalization;
using CsvHelper;
using RepaymentScoring.Contract.Csv;
using RepaymentScoring.Compliance;
using RepaymentScoring.Planning;
using RepaymentScoring.Planning.Portfolio;
using RepaymentScoring.Simulation;
using RepaymentScoring.Simulation.Engine;
using RepaymentScoring.Simulation.Policies;

namespace RepaymentScoring.ClosedLoop;

/// <summary>A closed-loop run's days and totals.</summary>
public sealed record ClosedLoopReport(string Policy, ulong Seed, IReadOnlyList<DayOutcome> Days, IReadOnlyList<string> Channels)
{
    public decimal Recovered => Days.Sum(d => d.Recovered);
    public decimal ContactCost => Days.Sum(d => d.ContactCost);
    public decimal NetRecovery => Recovered - ContactCost;
    public int Contacts => Days.Sum(d => d.Contacts);
    public int ContactsBy(string channel) => Days.Sum(d => d.ContactsByChannel.GetValueOrDefault(channel));
    public int Complaints => Days.Sum(d => d.Complaints);
    public int OptOuts => Days.Sum(d => d.OptOuts);
    public int Cures => Days.Sum(d => d.Cures);
    public int Violations => Days.Sum(d => d.Violations);
    public int BlockedContacts => Days.Sum(d => d.BlockedContacts);
}

/// <summary>
/// Drives the simulator day by day with a policy: the simulated customers answer the contacts the
/// policy makes (payments, fatigue, complaints, opt-outs), so a strategy's effect is seen before it
/// is deployed. The simulator itself counts compliance violations: it checks every decision.
/// </summary>
public static class ClosedLoopSimulation
{
    public static readonly IReadOnlyList<string> Policies = [LearnedPolicy.Name, BaselinePolicies.Rules, BaselinePolicies.Random, BaselinePolicies.Oracle];

    /// <summary>Builds the named policy; <paramref name="planner"/> is needed for <c>learned</c> only.</summary>
    /// <exception cref="ArgumentException">An unknown policy, or <c>learned</c> without a planner.</exception>
    public static IContactPolicy CreatePolicy(string name, ComplianceRules rules, PortfolioLimits limits, HistoryRecorder histories, ulong seed,
        Planner? planner = null, PlanningOptions? options = null, SimulationSettings? simulation = null)
    {
        IContactPolicy Capped(IContactPolicy policy) => limits.Capacity.Count == 0 ? policy : new CapacityCappedPolicy(policy, limits.Capacity);
        return name switch
        {
            BaselinePolicies.Rules => Capped(BaselinePolicies.RulesBaseline()),
            BaselinePolicies.Random => Capped(BaselinePolicies.UniformRandom(rules.Channels.ContactChannels)),
            BaselinePolicies.Oracle => Capped(BaselinePolicies.TruthOracle(simulation ?? new SimulationSettings(), rules.Channels.ContactChannels, rules.Channels,
                (double)(options ?? new PlanningOptions()).ComplaintPenalty)),
            LearnedPolicy.Name when planner is not null && options is not null => new LearnedPolicy(planner, options, histories, limits, seed),
            LearnedPolicy.Name => throw new ArgumentException("policy 'learned' needs a trained model."),
            _ => throw new ArgumentException($"policy '{name}' is unknown (known: {string.Join(", ", Policies)})."),
        };
    }

    public static ClosedLoopReport Run(string policyName, SimulationSettings settings, ComplianceRules rules, PortfolioLimits limits,
        Planner? planner = null, PlanningOptions? options = null, IProgress<int>? daysDone = null)
    {
        var histories = new HistoryRecorder();
        var policy = CreatePolicy(policyName, rules, limits, histories, settings.Seed, planner, options, settings);
        var simulator = new PortfolioSimulator(settings with { TruthReplicas = 0, ComplianceProfile = rules.Settings.Profile }, policy, rules);
        var days = new List<DayOutcome>(settings.Days);
        while (simulator.Day < settings.Days)
        {
            days.Add(simulator.StepDay(histories));
            daysDone?.Report(simulator.Day);
        }
        return new ClosedLoopReport(policyName, settings.Seed, days, rules.Channels.ContactChannels);
    }

    /// <summary>Writes one row per day and a final <c>total</c> row (written aside, then renamed).</summary>
    public static void WriteCsv(ClosedLoopReport report, string path) => AtomicFile.Write(path, writer =>
    {
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        string[] head = ["policy", "seed", "day", "date", "reviews", "decisions", "recovered", "contact_cost", "net_recovery", "contacts"];
        string[] tail = ["complaints", "opt_outs", "cures", "violations", "blocked_contacts"];
        foreach (var c in head.Concat(report.Channels.Select(c => $"contacts_{c}")).Concat(tail)) csv.WriteField(c);
        csv.NextRecord();
        void Row(string day, string date, int reviews, int decisions, decimal recovered, decimal cost, int contacts, Func<string, int> byChannel,
            int complaints, int optOuts, int cures, int violations, int blocked)
        {
            csv.WriteField(report.Policy);
            csv.WriteField(report.Seed.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(day);
            csv.WriteField(date);
            foreach (var n in new[] { reviews, decisions }) csv.WriteField(n.ToString(CultureInfo.InvariantCulture));
            foreach (var m in new[] { recovered, cost, recovered - cost }) csv.WriteField(m.ToString("0.00", CultureInfo.InvariantCulture));
            csv.WriteField(contacts.ToString(CultureInfo.InvariantCulture));
            foreach (var c in report.Channels) csv.WriteField(byChannel(c).ToString(CultureInfo.InvariantCulture));
            foreach (var n in new[] { complaints, optOuts, cures, violations, blocked }) csv.WriteField(n.ToString(CultureInfo.InvariantCulture));
            csv.NextRecord();
        }
        foreach (var d in report.Days)
            Row(d.Day.ToString(CultureInfo.InvariantCulture), d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Reviews, d.Decisions,
                d.Recovered, d.ContactCost, d.Contacts, c => d.ContactsByChannel.GetValueOrDefault(c), d.Complaints, d.OptOuts, d.Cures,
                d.Violations, d.BlockedContacts);
        Row("total", "", report.Days.Sum(d => d.Reviews), report.Days.Sum(d => d.Decisions), report.Recovered, report.ContactCost,
            report.Contacts, report.ContactsBy, report.Complaints, report.OptOuts, report.Cures, report.Violations, report.BlockedContacts);
    });
}
