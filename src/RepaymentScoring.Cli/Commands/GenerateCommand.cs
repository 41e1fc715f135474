using System.CommandLine;
using RepaymentScoring.Cli.Infrastructure;
using RepaymentScoring.Simulation;

namespace RepaymentScoring.Cli.Commands;

internal static class GenerateCommand
{
    public static Command Create()
    {
        var accounts = new Option<int>("--accounts") { Description = "Accounts to simulate.", DefaultValueFactory = _ => 2_000 };
        var days = new Option<int>("--days") { Description = "Days to simulate.", DefaultValueFactory = _ => 90 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed: the same seed gives the same bytes.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Folder for the contract CSV files.", Required = true };
        var snapshotEvery = new Option<int>("--snapshot-every") { Description = "Days between an account's snapshots: 1 daily, 7 weekly.", DefaultValueFactory = _ => 7 };
        var randomized = new Option<double>("--randomized-share") { Description = "Share of the logging strategy's decisions drawn at random among compliant actions.", DefaultValueFactory = _ => 0.2 };
        var profile = new Option<string>("--profile") { Description = "Compliance profile the simulated lender obeys: cn-default or us-regf.", DefaultValueFactory = _ => "cn-default" };
        var truth = new Option<bool>("--truth") { Description = $"Also write the simulator's true probabilities ({PortfolioGenerator.DecisionTruthFile}, {PortfolioGenerator.SnapshotTruthFile})." };

        var command = new Command("generate", "Simulate a lender's portfolio whose truth is known, in the contract's CSV format.")
        {
            accounts, days, seed, output, snapshotEvery, randomized, profile, truth,
        };
        command.SetAction(parse =>
        {
            var settings = new SimulationSettings
            {
                Accounts = parse.GetValue(accounts),
                Days = parse.GetValue(days),
                Seed = parse.GetValue(seed),
                SnapshotEveryDays = parse.GetValue(snapshotEvery),
                RandomizedShare = parse.GetValue(randomized),
                ComplianceProfile = parse.GetValue(profile)!,
            }.Validate();
            var folder = parse.GetValue(output)!;
            var started = DateTime.UtcNow;
            ConsoleProgress.Run($"Simulating {settings.Accounts:N0} accounts", settings.Days, progress =>
            {
                PortfolioGenerator.Generate(settings, folder, parse.GetValue(truth), new SyncProgress<int>(d => progress.Report(d)));
                return 0;
            });
            Console.WriteLine($"Wrote {settings.Accounts:N0} accounts over {settings.Days} days (seed {settings.Seed}) to {folder} in {(DateTime.UtcNow - started).TotalSeconds:0.0} s.");
            return 0;
        });
        return command;
    }

}
