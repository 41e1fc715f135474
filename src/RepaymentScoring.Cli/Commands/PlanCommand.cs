using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using RepaymentScoring.Cli.Infrastructure;
using RepaymentScoring.Planning;
using RepaymentScoring.Planning.Portfolio;
using RepaymentScoring.Store.History;

namespace RepaymentScoring.Cli.Commands;

internal static class PlanCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var from = RegistryOptions.From();
        var asOf = new Option<string>("--as-of") { Description = "Moment to plan at: ISO 8601 with offset (a bare date is 00:00 UTC).", Required = true };
        var capacity = new Option<string>("--capacity") { Description = "Accounts each channel can start on that day: phone=500,visit=20,sms=10000 (channels not named are unlimited)." };
        var budget = new Option<double?>("--budget") { Description = "Most the plans' contacts may cost over their week, in the deployment's currency." };
        var output = new Option<string>("--out") { Description = "plans.csv to write (the columns of 'repay score').", Required = true };
        var models = RegistryOptions.Models();
        var name = RegistryOptions.Name();
        var threads = BatchOptions.Threads();
        var reasons = BatchOptions.Reasons();
        var store = StoredRun.StoreOption();
        var run = StoredRun.RunOption();
        var command = new Command("plan", "Plan the whole portfolio within each channel's daily capacity and a contact budget: the most value the limits allow, every action compliant.")
        {
            from, asOf, capacity, budget, output, models, name, threads, reasons, store, run,
        };
        command.SetAction(parse =>
        {
            var (rules, configured) = PlanningSettings.Load(configuration);
            var options = configured with { Reasons = BatchOptions.ReasonsOf(parse, reasons) };
            var at = PlanningSettings.ParseMoment(parse.GetValue(asOf)!);
            var degree = BatchOptions.ThreadsOf(parse, threads);
            PortfolioLimits limits;
            try
            {
                limits = PortfolioLimits.Parse(parse.GetValue(capacity), parse.GetValue(budget), rules.Channels);
            }
            catch (ArgumentException e)
            {
                throw new UserError($"--capacity/--budget: {e.Message}");
            }
            var current = CurrentPlanner.Load(parse.GetValue(models)!, parse.GetValue(name)!, rules, options);
            var history = ConsoleProgress.Count("Reading history", p => HistorySource.Read(parse.GetValue(from)!, rules.Channels, p));
            var path = parse.GetValue(output)!;
            using var stored = StoredRun.Begin(parse, store, run, configuration, at, current.Version, rules.Settings.Profile, options, limits);
            var summary = BatchScoring.WritePlans(path, write =>
                ConsoleProgress.Count("Planning accounts (twice: options, then the assigned plans)", progress =>
                    PortfolioPlanning.Run(history.Histories, at, current.Planner, options, limits, write,
                        new SyncProgress<int>(n => progress.Report(n)), degree, stored)));
            Print(summary, current.Version, path);
            stored?.Complete();
            return 0;
        });
        return command;
    }

    private static void Print(PortfolioSummary s, string version, string path)
    {
        var channels = s.Allocation.AccountsByChannel.Keys.Union(s.Unconstrained.AccountsByChannel.Keys).Order(StringComparer.Ordinal).ToList();
        Console.WriteLine($"Planned {s.Accounts:N0} accounts in collection with {version} under {s.Limits} into {path}.");
        Console.WriteLine($"{"channel",-10} {"planned",9} {"capacity",9} {"unconstrained",14}");
        foreach (var c in channels)
            Console.WriteLine($"{c,-10} {s.Allocation.AccountsByChannel.GetValueOrDefault(c),9:N0} {(s.Limits.Capacity.TryGetValue(c, out var cap) ? cap.ToString("N0", CultureInfo.InvariantCulture) : "-"),9} {s.Unconstrained.AccountsByChannel.GetValueOrDefault(c),14:N0}");
        var waiting = s.Accounts - s.Allocation.AccountsByChannel.Values.Sum();
        Console.WriteLine($"{"none",-10} {waiting,9:N0} {"-",9} {s.Accounts - s.Unconstrained.AccountsByChannel.Values.Sum(),14:N0}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Contact cost over the week: {s.Allocation.Spent:N2}{(s.Limits.Budget is { } b ? $" of a budget of {b:N2}" : "")} (unconstrained {s.Unconstrained.Spent:N2})."));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Expected net value over 7 days: {s.Value:N2}; unconstrained {s.Unconstrained.Value:N2}; the limits cost {s.CostOfLimits:N2}. The best plan within the limits is worth at most {s.Allocation.UpperBound:N2} (proven gap {s.Allocation.ProvenGap:N2})."));
    }
}
