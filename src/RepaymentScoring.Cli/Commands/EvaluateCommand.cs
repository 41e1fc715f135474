using Microsoft.Extensions.Configuration;
using System.CommandLine;
using RepaymentScoring.Cli.Infrastructure;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Store.History;
using RepaymentScoring.Training.Evaluation;

namespace RepaymentScoring.Cli.Commands;

internal static class EvaluateCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var version = new Argument<string>("version") { Description = "A published version (see 'repay models list')." };
        var from = RegistryOptions.From();
        var models = RegistryOptions.Models();
        var name = RegistryOptions.Name();
        var output = new Option<string>("--out") { Description = "Where to write the evaluation JSON (never inside the registry).", Required = true };
        var plots = new Option<string?>("--plots")
        {
            Description = "Also write PNG charts into this folder: ROC, calibration, Qini per channel, permutation feature importance, propensity by stage.",
        };
        var command = new Command("evaluate", "Evaluate a published version on other data; writes a report and never changes the version.")
        {
            version, from, models, name, output, plots,
        };
        command.SetAction(parse =>
        {
            var registry = new ModelRegistry(parse.GetValue(models)!, parse.GetValue(name)!);
            var target = Path.GetFullPath(parse.GetValue(output)!);
            if (target.StartsWith(Path.GetFullPath(registry.Folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new UserError("--out points inside the registry; published versions are immutable.");
            var history = ConsoleProgress.Count("Reading history", p => HistorySource.Read(parse.GetValue(from)!, PlanningSettings.Channels(configuration), p));
            var charts = parse.GetValue(plots) is { Length: > 0 } folder ? Path.GetFullPath(folder) : null;
            if (charts is not null && charts.StartsWith(Path.GetFullPath(registry.Folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new UserError("--plots points inside the registry; published versions are immutable.");
            var (report, sample) = VersionEvaluation.Run(registry, parse.GetValue(version)!, history.Histories.ToList(), withSample: charts is not null);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, report.ToJson());
            TrainingDisplay.WriteMetrics(report);
            Console.WriteLine($"Wrote {target}.");
            if (charts is not null)
                Console.WriteLine($"Wrote {string.Join(", ", EvaluationPlots.Write(charts, report, sample!).Select(Path.GetFileName))} into {charts}.");
            return 0;
        });
        return command;
    }
}
