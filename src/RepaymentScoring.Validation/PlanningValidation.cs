using System.Globalization;
using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Planning;
using RepaymentScoring.Simulation;
using RepaymentScoring.Simulation.Engine;
using RepaymentScoring.Simulation.Policies;
using RepaymentScoring.Training;
using RepaymentScoring.Training.Registry;

namespace RepaymentScoring.Validation;

/// <summary>One portfolio's plans judged by the simulator's truth over the next 7 days.</summary>
public sealed record PlanningJudgement(ulong Seed, int Plans, int Contacts, double PlanValue, double OracleValue, double RulesValue, int Violations,
    IReadOnlyDictionary<string, int> PlannedChannels, IReadOnlyDictionary<string, int> OracleChannels,
    IReadOnlyDictionary<string, UpliftCalibration> UpliftByChannel)
{
    public double ShareOfOracle => OracleValue == 0 ? double.NaN : PlanValue / OracleValue;
    public double GainOverRules => RulesValue == 0 ? double.NaN : PlanValue / RulesValue - 1;
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
    public static double RecoveryShareForDiagnosis;
    public static readonly double[] Diagnosis = new double[5];
    public static readonly Dictionary<string, double> Loss = new();

    public static IReadOnlyList<PlanningJudgement> Run(SimulationSettings training, IReadOnlyList<ulong> planSeeds, int planAccounts, int planDays,
        string profile, string modelsFolder)
    {
        var portfolio = SimulatedPortfolio.Generate(training with { TruthReplicas = 0 });
        var registry = new ModelRegistry(modelsFolder, "planning");
        var result = TrainingPipeline.Run(portfolio.Histories, ChannelCatalog.Default.ContactChannels, portfolio.FeatureKinds, "simulated",
            new TrainingSettings { Seed = 3, ActionCorrection = ExperimentCorrection() }, registry);
        Console.WriteLine("shifts: " + string.Join(" ", registry.Manifest(result.Version).ActionShifts?.Select(k => $"{k.Key} {k.Value:+0.000;-0.000}") ?? []));
        using var models = registry.Load(result.Version);
        var rules = new ComplianceRules(new ComplianceSettings { Profile = profile }, ChannelCatalog.Default);
        var options = new PlanningOptions();
        var planner = new Planner(models, registry.Manifest(result.Version), rules, options);
        RecoveryShareForDiagnosis = registry.Manifest(result.Version).Planning.RecoveryShare;
        return planSeeds.Select(seed => Judge(planner, rules, options, training with { Seed = seed, Accounts = planAccounts, Days = planDays, ComplianceProfile = profile })).ToList();
    }

    private static ActionEffectCorrection ExperimentCorrection() => new()
    {
        Enabled = Environment.GetEnvironmentVariable("C_ON") != "0",
        Lambda = double.Parse(Environment.GetEnvironmentVariable("C_LAMBDA") ?? "3", CultureInfo.InvariantCulture),
    };

    public static PlanningJudgement Judge(Planner planner, ComplianceRules rules, PlanningOptions options, SimulationSettings settings)
    {
        var simulator = new PortfolioSimulator(settings with { TruthReplicas = 0 });
        var portfolio = SimulatedPortfolio.Run(simulator);
        var at = new DateTimeOffset(simulator.DateOf(settings.Days).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        double planValue = 0, oracleValue = 0, rulesValue = 0;
        int plans = 0, contacts = 0, violations = 0;
        var random = new Random(1);
        var planned = new Dictionary<string, int>();
        var oracle = new Dictionary<string, int>();
        var calibration = new Dictionary<string, (int N, double Predicted, double True, double PredictedLevel, double TrueLevel)>();
        foreach (var history in portfolio.Histories)
        {
            if (!BatchScoring.InCollection(history, at)) continue;
            var plan = planner.Plan(history, at, random, withReasons: false);
            var index = int.Parse(history.Account.AccountId[1..], CultureInfo.InvariantCulture);
            var recovery = simulator.TrueExpectedRecovery(index);
            var wait = simulator.TruePaymentProbability7d(index, ContactAction.Wait, at);
            // The truth of every allowed action, once: values, the oracle and the calibration all read it.
            var truth = plan.Alternatives.ToDictionary(a => a.Action,
                a => a.Action.IsWait ? wait : simulator.TruePaymentProbability7d(index, a.Action, a.FirstContactAt));
            double Value(ScoredAction a) => a.Action.IsWait ? 0
                : (truth[a.Action] - wait) * recovery - (double)options.ChannelCosts.GetValueOrDefault(a.Action.Channel) * a.Action.ContactsPerWeek;
            foreach (var a in plan.Alternatives)
            {
                var key = a.Action.IsWait ? $"{plan.Stage}/none" : $"{plan.Stage}/{a.Action.Channel}/{(a.Action.ContactsPerWeek > 1 ? "several" : "weekly")}";
                var p = truth[a.Action];
                var (n, predicted, sum, predictedLevel, trueLevel) = calibration.GetValueOrDefault(key);
                calibration[key] = (n + 1, predicted + a.Uplift, sum + p - wait, predictedLevel + a.ResponseProbability, trueLevel + p);
            }
            var chosen = plan.Alternatives.First(a => a.Action == plan.Action);
            planValue += Value(chosen);
            {
                var snap0 = history.Snapshots.Last(s => Contract.Time.LocalDays.StartOf(s.AsOf, TimeZoneInfo.FindSystemTimeZoneById(history.Account.TimeZone)) <= at);
                var rhat = RecoveryShareForDiagnosis * (double)snap0.AmountDue;
                double Cost(ScoredAction a) => a.Action.IsWait ? 0 : (double)options.ChannelCosts.GetValueOrDefault(a.Action.Channel) * a.Action.ContactsPerWeek;
                double TrueUplift(ScoredAction a) => a.Action.IsWait ? 0 : truth[a.Action] - wait;
                var byTrueUplift = plan.Alternatives.MaxBy(a => a.Action.IsWait ? 0 : a.Value + (TrueUplift(a) - a.Uplift) * rhat)!;
                var byTrueRecovery = plan.Alternatives.MaxBy(a => a.Action.IsWait ? 0 : a.Uplift * recovery - Cost(a))!;
                var noPenalty = plan.Alternatives.MaxBy(a => a.Action.IsWait ? 0 : a.Uplift * rhat - Cost(a))!;
                Diagnosis[0] += Value(byTrueUplift); Diagnosis[1] += Value(byTrueRecovery); Diagnosis[2] += Value(noPenalty);
                Diagnosis[3] += rhat; Diagnosis[4] += recovery;
                var best0 = plan.Alternatives.MaxBy(Value)!;
                string K(ContactAction a) => a.IsWait ? "none" : $"{plan.Stage[0]}/{a.Channel}/{(a.ContactsPerWeek > 1 ? "n" : "1")}";
                var key = $"{K(best0.Action)} <- {K(chosen.Action)}";
                Loss[key] = Loss.GetValueOrDefault(key) + Value(best0) - Value(chosen);
                if (!chosen.Action.IsWait)
                {
                    var bestHour = plan.Alternatives.Where(a => a.Action with { Hour = 0 } == chosen.Action with { Hour = 0 }).MaxBy(Value)!;
                    Loss["HOUR of chosen"] = Loss.GetValueOrDefault("HOUR of chosen") + Value(bestHour) - Value(chosen);
                    var hk = $"hour {plan.Stage[0]}/{chosen.Action.Channel} chosen {chosen.Action.Hour} best {bestHour.Action.Hour}";
                    if (Value(bestHour) - Value(chosen) > 0.5) Loss[hk] = Loss.GetValueOrDefault(hk) + Value(bestHour) - Value(chosen);
                }
            }
            var best = plan.Alternatives.MaxBy(Value)!;
            oracleValue += Value(best);
            static string Key(ContactAction a) => a.IsWait ? "none" : $"{a.Channel}/{a.CadenceDays}";
            planned[Key(plan.Action)] = planned.GetValueOrDefault(Key(plan.Action)) + 1;
            oracle[Key(best.Action)] = oracle.GetValueOrDefault(Key(best.Action)) + 1;
            var snapshot = history.Snapshots.Last(s => Contract.Time.LocalDays.StartOf(s.AsOf, TimeZoneInfo.FindSystemTimeZoneById(history.Account.TimeZone)) <= at);
            var baseline = LoggingStrategy.RulesPreferences(snapshot, history.Account.PreferredHours)
                .Select(p => plan.Alternatives.FirstOrDefault(a => a.Action == p)).FirstOrDefault(a => a is not null);
            rulesValue += baseline is null ? 0 : Value(baseline);
            plans++;
            if (!plan.Action.IsWait)
            {
                contacts++;
                var context = new ContactContext(history.Account, TimeZoneInfo.FindSystemTimeZoneById(history.Account.TimeZone), snapshot,
                    history.Contacts.Where(c => c.ContactedAt < at).Select(c => new PastContact(c.ContactedAt, c.Channel, c.Outcome)).ToList());
                if (!rules.IsAllowed(context, plan.Action.Channel, plan.NextContactAt)) violations++;
            }
        }
        Console.WriteLine($"DIAG seed {settings.Seed}: plan {planValue:0} oracle {oracleValue:0} byTrueUplift {Diagnosis[0]:0} byTrueRecovery {Diagnosis[1]:0} noPenalty {Diagnosis[2]:0} rhat {Diagnosis[3]:0} rtrue {Diagnosis[4]:0}");
        Array.Clear(Diagnosis);
        if (settings.Seed == 101) foreach (var (k, v) in Loss.OrderByDescending(x => x.Value).Take(30)) Console.WriteLine($"   loss {k,-26} {v:0}");
        Loss.Clear();
        return new PlanningJudgement(settings.Seed, plans, contacts, planValue, oracleValue, rulesValue, violations, planned, oracle,
            calibration.ToDictionary(c => c.Key, c => new UpliftCalibration(c.Value.N, c.Value.Predicted / c.Value.N, c.Value.True / c.Value.N,
                c.Value.PredictedLevel / c.Value.N, c.Value.TrueLevel / c.Value.N)));
    }
}
