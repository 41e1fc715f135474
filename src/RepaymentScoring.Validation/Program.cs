using System.Globalization;
using RepaymentScoring.Simulation;
using RepaymentScoring.Training;
using RepaymentScoring.Validation;

// repay-validate simulated [accounts] [days] [seed]   learned models against the simulator's truth
// repay-validate external [datasets folder]           public data (default ../shared/datasets; optional)
// Training__Trainer=FastTree|LightGbm picks the ML.NET trainer (default: the product's).
var mode = args.Length > 0 ? args[0] : "external";
var trainer = Environment.GetEnvironmentVariable("Training__Trainer") is { Length: > 0 } named
    ? Enum.Parse<TreeTrainer>(named, ignoreCase: true)
    : new TrainingSettings().Trainer;
if (mode == "simulated")
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
    var settings = new SimulationSettings { Accounts = Arg(1, 20_000), Days = Arg(2, 120), Seed = (ulong)Arg(3, 18), TruthReplicas = 4 };
    var models = Directory.CreateTempSubdirectory("repay-validate-").FullName;
    try
    {
        var c = SimulatedTruthValidation.Run(settings, new TrainingSettings { Seed = 3, Trainer = trainer }, models);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"simulated portfolio: {settings.Accounts} accounts, {settings.Days} days, seed {settings.Seed}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  propensity, out of time ({c.PropensityRows} snapshots): model AUC {c.ModelAuc:0.0000}, truth AUC {c.TruthAuc:0.0000}, gap {c.TruthAuc - c.ModelAuc:0.0000}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  uplift, out of time ({c.UpliftDecisions} contact decisions): Spearman(predicted, true) {c.UpliftSpearman:0.000}; by channel: {string.Join(", ", c.SpearmanByChannel.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value:0.000}"))}"));
    }
    finally
    {
        Directory.Delete(models, recursive: true);
    }
    return 0;
}
if (mode == "planning")
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
    var accounts = Arg(1, 10_000);
    var profile = args.Length > 2 ? args[2] : "cn-default";
    var trainingAccounts = Arg(3, 20_000);
    var models = Directory.CreateTempSubdirectory("repay-validate-").FullName;
    try
    {
        var training = new SimulationSettings { Accounts = trainingAccounts, Days = 120, Seed = 18 };
        var judgements = PlanningValidation.Run(training, [101, 102, 103, 104, 105], accounts, 60, profile, models, trainer);
        Console.WriteLine($"{trainer}: trained on seed {training.Seed} ({training.Accounts} accounts, {training.Days} days); planned at day 60 of {accounts}-account portfolios, profile {profile}");
        foreach (var j in judgements)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  seed {j.Seed}: {j.Plans} plans, {j.Contacts} contacts; net value plan {j.PlanValue:0}, oracle {j.OracleValue:0}, rules {j.RulesValue:0}; share of oracle {j.ShareOfOracle:0.000}, gain over rules {j.GainOverRules:+0.0%;-0.0%}; violations {j.Violations}"));
        Console.WriteLine("  where the shortfall is: the best of the actions the planner valued (its hour for each channel and cadence), judged by the truth,");
        Console.WriteLine("  against the oracle (every hour); the plans chosen again with each calibration cell's mean error removed by the truth;");
        Console.WriteLine("  the informed policy: the truth's best action for a customer whose own peak hour and channel affinities are unknown (averaged over redrawn ones):");
        foreach (var j in judgements)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    seed {j.Seed}: best valued action {j.ValuedShareOfOracle:0.000} of the oracle (plan {j.PlanValue / j.ValuedOracleValue:0.000} of it); cell-calibrated plans {j.CellCalibratedShareOfOracle:0.000}; informed policy {j.InformedShareOfOracle:0.000} ({j.InformedGainOverRules:+0.0%;-0.0%} over the rules)"));
        var last = judgements[^1];
        Console.WriteLine("  planned: " + string.Join(", ", last.PlannedChannels.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}")));
        Console.WriteLine("  oracle:  " + string.Join(", ", last.OracleChannels.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}")));
        var lost = last.OracleValue - last.PlanValue;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  shortfall to the oracle {lost:0}: choosing the hour of the planned channel and cadence {last.HourShortfall:0} ({last.HourShortfall / lost:0%}: {string.Join(", ", last.HourShortfallByChannel.Where(k => k.Value > 0).OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value:0}"))}); by oracle <- planned class:"));
        foreach (var (key, value) in last.Shortfall.Where(k => k.Value > 0.02 * lost).OrderByDescending(k => k.Value))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {key,-26} {value,8:0} ({value / lost:0%})"));
        Console.WriteLine("  allowed actions: mean uplift predicted / true, mean P(pay in 7 days) predicted / true:");
        foreach (var (key, c) in last.UpliftByChannel.OrderBy(k => k.Key, StringComparer.Ordinal))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {key,-22} {c.Actions,7} actions  {c.Predicted:+0.0000;-0.0000} / {c.True:+0.0000;-0.0000}   {c.PredictedLevel:0.0000} / {c.TrueLevel:0.0000}"));
    }
    finally
    {
        Directory.Delete(models, recursive: true);
    }
    return 0;
}
var folder = args.Length > 1 ? args[1] : Path.Combine("..", "shared", "datasets");
if (!Directory.Exists(folder))
{
    Console.Error.WriteLine($"No datasets folder at '{folder}': external validation is optional and needs ../shared/datasets (UCI_Credit_Card.csv, hillstrom.csv).");
    return 3;
}
var ran = false;
if (File.Exists(Path.Combine(folder, "UCI_Credit_Card.csv")))
{
    CreditDefaultValidation.Run(Path.Combine(folder, "UCI_Credit_Card.csv"), Console.Out, trainer);
    ran = true;
}
else Console.WriteLine("UCI_Credit_Card.csv absent: credit-default validation skipped.");
if (File.Exists(Path.Combine(folder, "hillstrom.csv")))
{
    HillstromValidation.Run(Path.Combine(folder, "hillstrom.csv"), Console.Out, trainer);
    ran = true;
}
else Console.WriteLine("hillstrom.csv absent: uplift validation skipped.");
return ran ? 0 : 3;
