using System.Globalization;
using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Planning;
using RepaymentScoring.Simulation;
using RepaymentScoring.Simulation.Customers;
using RepaymentScoring.Simulation.Engine;
using RepaymentScoring.Simulation.Policies;
using RepaymentScoring.Training;

namespace RepaymentScoring.Validation;

/// <summary>One portfolio's plans judged by the simulator's truth over the next 7 days.</summary>
/// <remarks>
/// Shortfall: the oracle's value minus the plan's, summed by "oracle's action class &lt;-
/// planned class" (stage initial/channel/1 or n contacts a week); HourShortfall: the part
/// the planned channel and cadence would have recovered at their best hour (by planned channel in
/// HourShortfallByChannel). ValuedOracleValue: the best of the actions the planner valued (its hour
/// per channel and cadence, and waiting), judged by the truth: what a perfect ranking of its own
/// candidates would get. CellCalibratedValue: the plans chosen again after the truth has removed each
/// calibration cell's mean uplift error (stage, channel, one or several contacts a week): what
/// perfect levels, with the model's ranking inside each cell, would get. InformedValue: the actions a
/// policy would choose that knew the simulator's formulas and every hidden trait of the customer but
/// their own peak hour and channel affinities (averaged over customers redrawn from their population
/// given what the columns show, <see cref="CustomerProfile.Redraw"/>), judged by the truth: what the
/// observable part of the truth is worth, an estimate of the ceiling of any policy learned from data
/// that shows those two traits only through a few contacts.
/// </remarks>
public sealed record PlanningJudgement(ulong Seed, int Plans, int Contacts, double PlanValue, double OracleValue, double RulesValue, int Violations,
    IReadOnlyDictionary<string, int> PlannedChannels, IReadOnlyDictionary<string, int> OracleChannels,
    IReadOnlyDictionary<string, UpliftCalibration> UpliftByChannel, IReadOnlyDictionary<string, double> Shortfall, double HourShortfall,
    IReadOnlyDictionary<string, double> HourShortfallByChannel, double ValuedOracleValue, double CellCalibratedValue, double InformedValue)
{
    public double ShareOfOracle => OracleValue == 0 ? double.NaN : PlanValue / OracleValue;
    public double GainOverRules => RulesValue == 0 ? double.NaN : PlanValue / RulesValue - 1;
    public double ValuedShareOfOracle => OracleValue == 0 ? double.NaN : ValuedOracleValue / OracleValue;
    public double CellCalibratedShareOfOracle => OracleValue == 0 ? double.NaN : CellCalibratedValue / OracleValue;
    public double InformedShareOfOracle => OracleValue == 0 ? double.NaN : InformedValue / OracleValue;
    public double InformedGainOverRules => RulesValue == 0 ? double.NaN : InformedValue / RulesValue - 1;
}

/// <summary>
/// Mean predicted and true 7-day uplift, and P(pay in 7 days) itself, of the allowed actions of one
/// stage, channel and cadence class (one or several contacts a week); <c>none</c> is waiting.
/// </summary>
public sealed record UpliftCalibration(int Actions, double Predicted, double True, double PredictedLevel, double TrueLevel);

/// <summary>
/// Trains on one simulated portfolio, then plans the accounts in collection of other portfolios and
/// judges each plan by the truth: net value = (P(pay in 7 days | action) - P(pay | wait)) x expected
/// recovery - contact costs, against the oracle (the best compliant action under the truth) and the
/// rules baseline (DOMAIN.md's stage-based channel and weekly cadence, gentler in hardship).
/// </summary>
public static class PlanningValidation
{
    public static IReadOnlyList<PlanningJudgement> Run(SimulationSettings training, IReadOnlyList<ulong> planSeeds, int planAccounts, int planDays,
        string profile, string modelsFolder, TreeTrainer trainer = TreeTrainer.FastTree)
    {
        var portfolio = SimulatedPortfolio.Generate(training with { TruthReplicas = 0 });
        var registry = new ModelRegistry(modelsFolder, "planning");
        var result = TrainingPipeline.Run(portfolio.Histories, ChannelCatalog.Default.ContactChannels, portfolio.FeatureKinds, "simulated",
            new TrainingSettings { Seed = 3, Trainer = trainer }, registry);
        var models = registry.Load(result.Version);
        var rules = new ComplianceRules(new ComplianceSettings { Profile = profile }, ChannelCatalog.Default);
        var options = new PlanningOptions();
        var planner = new Planner(models, registry.Manifest(result.Version), rules, options);
        return planSeeds.Select(seed => Judge(planner, rules, options, training with { Seed = seed, Accounts = planAccounts, Days = planDays, ComplianceProfile = profile })).ToList();
    }

    public static PlanningJudgement Judge(Planner planner, ComplianceRules rules, PlanningOptions options, SimulationSettings settings)
    {
        var simulator = new PortfolioSimulator(settings with { TruthReplicas = 0 });
        var portfolio = SimulatedPortfolio.Run(simulator);
        var at = new DateTimeOffset(simulator.DateOf(settings.Days).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        double planValue = 0, oracleValue = 0, rulesValue = 0, hourShortfall = 0;
        var shortfall = new Dictionary<string, double>();
        var hourShortfallByChannel = new Dictionary<string, double>();
        int plans = 0, contacts = 0, violations = 0;
        var random = new Random(1);
        var planned = new Dictionary<string, int>();
        var oracle = new Dictionary<string, int>();
        var calibration = new Dictionary<string, (int N, double Predicted, double True, double PredictedLevel, double TrueLevel)>();
        double valuedOracle = 0, informed = 0;
        var valued = new List<(ValuedAction[] Actions, double Recovery)>();
        foreach (var history in portfolio.Histories)
        {
            if (!BatchScoring.InCollection(history, at)) continue;
            var plan = planner.Plan(history, at, random, reasons: ReasonsMethod.None);
            var index = int.Parse(history.Account.AccountId[1..], CultureInfo.InvariantCulture);
            var recovery = simulator.TrueExpectedRecovery(index);
            var wait = simulator.TruePaymentProbability7d(index, ContactAction.Wait, at);
            // The truth of every allowed action (not only those the planner valued), once: values, the
            // oracle and the calibration all read it.
            var truth = plan.Allowed.ToDictionary(a => a.Action,
                a => a.Action.IsWait ? wait : simulator.TruePaymentProbability7d(index, a.Action, a.FirstContactAt));
            // Net value over the week of an action whose P(pay in 7 days) is p; waiting is worth 0.
            double NetValue(ContactAction a, Func<double> p) => a.IsWait ? 0
                : (p() - wait) * recovery - (double)options.ChannelCosts.GetValueOrDefault(a.Channel) * a.ContactsPerWeek;
            double Value(ContactAction a) => NetValue(a, () => truth[a]);
            var actions = new ValuedAction[plan.Alternatives.Count];
            for (var k = 0; k < actions.Length; k++)
            {
                var a = plan.Alternatives[k];
                var key = a.Action.IsWait ? $"{plan.Stage}/none" : $"{plan.Stage}/{a.Action.Channel}/{(a.Action.ContactsPerWeek > 1 ? "several" : "weekly")}";
                var p = truth[a.Action];
                var (n, predicted, sum, predictedLevel, trueLevel) = calibration.GetValueOrDefault(key);
                calibration[key] = (n + 1, predicted + a.Uplift, sum + p - wait, predictedLevel + a.ResponseProbability, trueLevel + p);
                actions[k] = new ValuedAction(key, a.Value, Value(a.Action));
            }
            valuedOracle += actions.Length == 0 ? 0 : actions.Max(a => a.TrueValue);
            valued.Add((actions, recovery));
            // The informed policy: the truth's expected value over redrawn respondents (waiting, worth 0, included).
            var draws = SimRandom.For(settings.Seed, (ulong)index, RespondentStream);
            var respondents = Enumerable.Range(0, Respondents).Select(_ => simulator.Accounts[index].Customer.Redraw(draws)).ToArray();
            var informedChoice = plan.Allowed.MaxBy(a =>
                NetValue(a.Action, () => respondents.Average(r => simulator.TruePaymentProbability7d(index, a.Action, a.FirstContactAt, r))))!.Action;
            informed += Value(informedChoice);
            var chosen = plan.Action;
            planValue += Value(chosen);
            var best = plan.Allowed.Select(a => a.Action).MaxBy(Value)!;
            oracleValue += Value(best);
            string Class(ContactAction a) => a.IsWait ? "none" : $"{plan.Stage[0]}/{a.Channel}/{(a.ContactsPerWeek > 1 ? "n" : "1")}";
            var confusion = $"{Class(best)} <- {Class(chosen)}";
            shortfall[confusion] = shortfall.GetValueOrDefault(confusion) + Value(best) - Value(chosen);
            if (!chosen.IsWait)
            {
                var lostToHour = plan.Allowed.Select(a => a.Action).Where(a => a with { Hour = 0 } == chosen with { Hour = 0 }).Max(Value) - Value(chosen);
                hourShortfall += lostToHour;
                hourShortfallByChannel[chosen.Channel] = hourShortfallByChannel.GetValueOrDefault(chosen.Channel) + lostToHour;
            }
            static string Key(ContactAction a) => a.IsWait ? "none" : $"{a.Channel}/{a.CadenceDays}";
            planned[Key(plan.Action)] = planned.GetValueOrDefault(Key(plan.Action)) + 1;
            oracle[Key(best)] = oracle.GetValueOrDefault(Key(best)) + 1;
            var snapshot = history.Snapshots.Last(s => Contract.Time.LocalDays.StartOf(s.AsOf, TimeZoneInfo.FindSystemTimeZoneById(history.Account.TimeZone)) <= at);
            var baseline = RulesBaseline.Preferences(snapshot, history.Account.PreferredHours)
                .Where(truth.ContainsKey).Select(a => (ContactAction?)a).FirstOrDefault();
            rulesValue += baseline is { } rulesAction ? Value(rulesAction) : 0;
            plans++;
            if (!plan.Action.IsWait)
            {
                contacts++;
                var context = new ContactContext(history.Account, TimeZoneInfo.FindSystemTimeZoneById(history.Account.TimeZone), snapshot,
                    history.Contacts.Where(c => c.ContactedAt < at).Select(c => new PastContact(c.ContactedAt, c.Channel, c.Outcome)).ToList());
                if (!rules.IsAllowed(context, plan.Action.Channel, plan.NextContactAt)) violations++;
            }
        }
        var byCell = calibration.ToDictionary(c => c.Key, c => new UpliftCalibration(c.Value.N, c.Value.Predicted / c.Value.N, c.Value.True / c.Value.N,
            c.Value.PredictedLevel / c.Value.N, c.Value.TrueLevel / c.Value.N));
        // Each cell's mean error, removed at the true recovery (the planner's own estimate is not in its values).
        var cellCalibrated = valued.Where(v => v.Actions.Length > 0)
            .Sum(v => v.Actions.MaxBy(a => a.PlannedValue + (byCell[a.Cell].True - byCell[a.Cell].Predicted) * v.Recovery)!.TrueValue);
        return new PlanningJudgement(settings.Seed, plans, contacts, planValue, oracleValue, rulesValue, violations, planned, oracle,
            byCell, shortfall, hourShortfall, hourShortfallByChannel, valuedOracle, cellCalibrated, informed);
    }

    /// <summary>Redrawn respondents per account for the informed policy, and their random stream (apart from the simulator's).</summary>
    private const int Respondents = 16;
    private const ulong RespondentStream = 0x5EED_0F_1D;

    /// <summary>One action the planner valued: its calibration cell, its planned value and its value under the truth.</summary>
    private readonly record struct ValuedAction(string Cell, double PlannedValue, double TrueValue);
}
