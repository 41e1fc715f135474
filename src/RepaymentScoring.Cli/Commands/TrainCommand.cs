using Microsoft.Extensions.Configuration;
using System.CommandLine;
using RepaymentScoring.Cli.Infrastructure;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Store.History;
using RepaymentScoring.Training;
using Spectre.Console;

namespace RepaymentScoring.Cli.Commands;

internal static class TrainCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var from = RegistryOptions.From();
        var models = RegistryOptions.Models();
        var name = RegistryOptions.Name();
        var seed = new Option<ulong>("--seed") { Description = "Seed for sampling in training and evaluation.", DefaultValueFactory = _ => 42 };
        var noRefit = new Option<bool>("--no-refit")
        {
            Description = "Publish the models the out-of-time evaluation judged (fitted on the oldest 70%) instead of refitting them on every labelled row.",
        };
        var trainer = new Option<string?>("--trainer")
        {
            Description = "The ML.NET trainer of every model: fasttree or lightgbm (default: setting Training:Trainer, else fasttree).",
        };
        trainer.AcceptOnlyFromAmong("lightgbm", "fasttree", "LightGbm", "FastTree");
        var until = new Option<string?>("--until")
        {
            Description = "Train on the history as it was known at this moment (ISO 8601 with offset; a bare date is 00:00 UTC): snapshots, contacts and payments from before it only.",
        };
        var command = new Command("train", "Train the propensity, reach and channel-response models, evaluate them out of time, refit them on all the history, and publish a new version.")
        {
            from, models, name, seed, noRefit, trainer, until,
        };
        command.SetAction(parse =>
        {
            var source = parse.GetValue(from)!;
            var registry = new ModelRegistry(parse.GetValue(models)!, parse.GetValue(name)!);
            var channels = PlanningSettings.Channels(configuration);
            var history = ConsoleProgress.Count("Reading history", progress => HistorySource.Read(source, channels, progress));
            // Materialised: labels need the end of the data before the first decision point is built.
            var cutOff = parse.GetValue(until) is { } text ? PlanningSettings.ParseMoment(text, "--until") : (DateTimeOffset?)null;
            var histories = cutOff is { } moment ? history.Histories.Select(h => h.Until(moment)).OfType<Contract.Tables.AccountHistory>().ToList() : history.Histories.ToList();
            if (cutOff is { } c && histories.Sum(h => h.Snapshots.Count) == 0)
                throw new UserError($"--until {Contract.Csv.ContractFormat.Format(c)} leaves no snapshot to train on: it is before the history.");
            var settings = new TrainingSettings
            {
                Seed = parse.GetValue(seed),
                RefitOnAllRows = !parse.GetValue(noRefit),
                Trainer = TrainerSetting(parse.GetValue(trainer) ?? configuration["Training:Trainer"]),
            };
            var result = TrainingDisplay.Run(progress => TrainingPipeline.Run(histories, channels.ContactChannels,
                history.FeatureKinds, cutOff is { } end ? $"{history.Description} until {Contract.Csv.ContractFormat.Format(end)}" : history.Description,
                settings, registry, progress));
            TrainingDisplay.WriteMetrics(result.Evaluation);
            if (result.Manifest.NoResponseModel is { } why)
                AnsiConsole.MarkupLineInterpolated($"[bold]No response model could be learned[/]: {why}. The version holds the propensity model alone; its plans follow the rules baseline (strategy 'rules') until a history with contacts trains a response model.");
            if (settings.RefitOnAllRows)
                AnsiConsole.MarkupLine("The metrics above are out of time; the published models were then refitted on every labelled row (--no-refit publishes the evaluated ones).");
            AnsiConsole.MarkupLineInterpolated($"Published [bold]{result.Version}[/] to {registry.Folder} and made it current.");
            return 0;
        });
        return command;
    }

    private static TreeTrainer TrainerSetting(string? value) => value?.ToLowerInvariant() switch
    {
        null or "" => new TrainingSettings().Trainer,
        "lightgbm" => TreeTrainer.LightGbm,
        "fasttree" => TreeTrainer.FastTree,
        _ => throw new UserError($"Training:Trainer is '{value}'; it must be lightgbm or fasttree."),
    };
}
