using System.CommandLine;
using Microsoft.Extensions.Configuration;
using RepaymentScoring.Cli.Infrastructure;
using RepaymentScoring.Planning;
using RepaymentScoring.Store.History;

namespace RepaymentScoring.Cli.Commands;

internal static class ScoreCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var from = RegistryOptions.From();
        var asOf = new Option<string>("--as-of") { Description = "Moment to plan at: ISO 8601 with offset (a bare date is 00:00 UTC).", Required = true };
        var output = new Option<string>("--out") { Description = "plans.csv to write.", Required = true };
        var models = RegistryOptions.Models();
        var name = RegistryOptions.Name();
        var shard = new Option<string>("--shard") { Description = "i/n: plan only the accounts whose id hashes to shard i of n (0-based).", DefaultValueFactory = _ => "0/1" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the exploration draws.", DefaultValueFactory = _ => 1 };
        var threads = BatchOptions.Threads();
        var reasons = BatchOptions.Reasons();
        var store = StoredRun.StoreOption();
        var run = StoredRun.RunOption();
        var command = new Command("score", "Plan every account in collection at a moment: best compliant action, cadence, hour, scores and reasons.")
        {
            from, asOf, output, models, name, shard, seed, threads, reasons, store, run,
        };
        command.SetAction(parse =>
        {
            var (rules, configured) = PlanningSettings.Load(configuration);
            var options = configured with { Reasons = BatchOptions.ReasonsOf(parse, reasons) };
            var at = PlanningSettings.ParseMoment(parse.GetValue(asOf)!);
            var parts = parse.GetValue(shard)!.Split('/');
            if (parts.Length != 2 || !int.TryParse(parts[0], out var index) || !int.TryParse(parts[1], out var count) || count < 1 || index < 0 || index >= count)
                throw new UserError($"--shard '{parse.GetValue(shard)}' is not i/n with 0 <= i < n.");
            var degree = BatchOptions.ThreadsOf(parse, threads);
            var current = CurrentPlanner.Load(parse.GetValue(models)!, parse.GetValue(name)!, rules, options);
            var planner = current.Planner;
            var history = ConsoleProgress.Count("Reading history", p => HistorySource.Read(parse.GetValue(from)!, rules.Channels, p));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var span = new HistorySpan();
            using var stored = StoredRun.Begin(parse, store, run, configuration, at, current.Version, rules.Settings.Profile, options);
            var planned = ConsoleProgress.Count("Planning accounts", progress =>
                BatchScoring.Run(span.Track(history.Histories), at, planner, parse.GetValue(output)!, (index, count), parse.GetValue(seed),
                    new SyncProgress<int>(n => progress.Report(n)), threads: degree, recorder: stored));
            var seconds = clock.Elapsed.TotalSeconds;
            if (planned == 0)
            {
                Console.Error.WriteLine(span.NothingPlanned(at));
                if (span.First is { } first && DateOnly.FromDateTime(at.UtcDateTime) < first) return CliErrors.Failure;
            }
            stored?.Complete();
            Console.WriteLine($"Planned {planned:N0} accounts in collection at {Contract.Csv.ContractFormat.Format(at)} with {current.Version} ({rules.Settings.Profile}) into {parse.GetValue(output)}"
                + $" in {seconds:0.0} s on {degree} thread{(degree == 1 ? "" : "s")}{(seconds > 0 && planned > 0 ? $" ({planned / seconds:N0} accounts a second)" : "")}.");
            return 0;
        });
        return command;
    }
}
