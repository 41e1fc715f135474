using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using RepaymentScoring.Cli.Infrastructure;
using RepaymentScoring.ClosedLoop;
using RepaymentScoring.Planning.Portfolio;
using RepaymentScoring.Simulation;

namespace RepaymentScoring.Cli.Commands;

internal static class SimulateCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var policy = new Option<string>("--policy") { Description = $"Who decides: {string.Join(", ", ClosedLoopSimulation.Policies)}: the trained model's plans, DOMAIN.md's baseline, uniformly random among compliant actions, or the simulator's truth (a ceiling, not a strategy).", Required = true };
        policy.AcceptOnlyFromAmong([.. ClosedLoopSimulation.Policies]);
        var accounts = new Option<int>("--accounts") { Description = "Accounts to simulate.", DefaultValueFactory = _ => 10_000 };
        var days = new Option<int>("--days") { Description = "Days to simulate.", DefaultValueFactory = _ => 60 };
        var seed = new Option<ulong>("--seed") { Description = "Portfolio seed (use seeds the model was not trained on).", DefaultValueFactory = _ => 101 };
        var capacity = new Option<string>("--capacity") { Description = "New contacts each channel can start a day: phone=500,visit=20." };
        var output = new Option<string>("--out") { Description = "results.csv: one row per day and a total row.", Required = true };
        var models = RegistryOptions.Models();
        var name = RegistryOptions.Name();
        var command = new Command("simulate", "Run a policy in closed loop on a simulated portfolio: the customers answer its contacts; report recovery, costs, complaints, opt-outs, cures and violations per day.")
        {
            policy, accounts, days, seed, capacity, output, models, name,
        };
        command.SetAction(parse =>
        {
            var (rules, options) = PlanningSettings.Load(configuration);
            PortfolioLimits limits;
            try
            {
                limits = PortfolioLimits.Parse(parse.GetValue(capacity), null, rules.Channels);
            }
            catch (ArgumentException e)
            {
                throw new UserError($"--capacity: {e.Message}");
            }
            SimulationSettings settings;
            try
            {
                // The simulated lender pays the configured channel costs, so results count what the planner weighs.
                settings = new SimulationSettings
                {
                    Accounts = parse.GetValue(accounts), Days = parse.GetValue(days), Seed = parse.GetValue(seed), ChannelCosts = options.ChannelCosts,
                }.Validate();
            }
            catch (ArgumentException e)
            {
                throw new UserError(e.Message);
            }
            var chosen = parse.GetValue(policy)!;
            var current = chosen == LearnedPolicy.Name ? CurrentPlanner.Load(parse.GetValue(models)!, parse.GetValue(name)!, rules, options) : null;
            var report = ConsoleProgress.Run($"Simulating {settings.Accounts:N0} accounts under the {chosen} policy", settings.Days, progress =>
                ClosedLoopSimulation.Run(chosen, settings, rules, limits, current?.Planner, options, new SyncProgress<int>(d => progress.Report(d))));
            ClosedLoopSimulation.WriteCsv(report, parse.GetValue(output)!);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{chosen}{(current is null ? "" : $" ({current.Version})")}, seed {settings.Seed}, {settings.Accounts:N0} accounts x {settings.Days} days ({rules.Settings.Profile}{(limits.IsUnlimited ? "" : $", {limits}")}):"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  recovered {report.Recovered:N2}, contact cost {report.ContactCost:N2}, net recovery {report.NetRecovery:N2}"));
            Console.WriteLine($"  contacts {report.Contacts:N0} ({string.Join(", ", report.Channels.Select(c => $"{c} {report.ContactsBy(c):N0}"))})");
            Console.WriteLine($"  complaints {report.Complaints:N0}, opt-outs {report.OptOuts:N0}, cures {report.Cures:N0}, compliance violations {report.Violations:N0}");
            Console.WriteLine($"  per day in {parse.GetValue(output)}");
            return 0;
        });
        return command;
    }
}
