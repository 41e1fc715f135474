using System.CommandLine;
using System.Globalization;
using RepaymentScoring.Models;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Cli.Infrastructure;
using Spectre.Console;

namespace RepaymentScoring.Cli.Commands;

internal static class ModelsCommand
{
    public static Command Create()
    {
        var models = RegistryOptions.Models();
        var name = RegistryOptions.Name();
        ModelRegistry Registry(ParseResult parse) => new(parse.GetValue(models)!, parse.GetValue(name)!);

        var json = new Option<bool>("--json") { Description = "Print the versions as a JSON array (version, current, created_at, metrics, data_source) instead of a table." };
        var list = new Command("list", "List published versions, newest last; * marks the current one.") { models, name, json };
        list.SetAction(parse =>
        {
            var registry = Registry(parse);
            var current = registry.Current();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonOutput.Serialize(registry.Versions().Select(v => registry.Manifest(v) is var m
                    ? new { Version = v, Current = v == current, m.CreatedAt, m.Metrics, DataSource = m.Data.Source } : null)));
                return 0;
            }
            var table = new Table().AddColumns("", "version", "created", "propensity AUC", "response AUC", "data");
            foreach (var v in registry.Versions())
            {
                var m = registry.Manifest(v);
                table.AddRow(v == current ? "*" : "", v, m.CreatedAt.ToString("u", CultureInfo.InvariantCulture),
                    Metric(m, "propensity_auc"), Metric(m, "response_auc"), Markup.Escape(m.Data.Source));
            }
            AnsiConsole.Write(table);
            return 0;
        });

        var version = new Argument<string>("version") { Description = "A published version (see 'repay models list')." };
        var show = new Command("show", "Print a version's manifest.") { version, models, name };
        show.SetAction(parse =>
        {
            var registry = Registry(parse);
            Console.WriteLine(File.ReadAllText(Path.Combine(registry.PathOf(parse.GetValue(version)!), ModelRegistry.ManifestFile)));
            return 0;
        });

        var promoteVersion = new Argument<string>("version") { Description = "The version to serve." };
        var promote = new Command("promote", "Make a published version current.") { promoteVersion, models, name };
        promote.SetAction(parse =>
        {
            var registry = Registry(parse);
            registry.Promote(parse.GetValue(promoteVersion)!);
            Console.WriteLine($"{registry.Current()} is current.");
            return 0;
        });

        var rollback = new Command("rollback", "Make the previously current version current again.") { models, name };
        rollback.SetAction(parse =>
        {
            var registry = Registry(parse);
            Console.WriteLine($"{registry.Rollback()} is current again.");
            return 0;
        });

        var verify = new Command("verify", "Check that the current version loads and fits this build's features; exit 1 if not (run command retrains then).") { models, name };
        verify.SetAction(parse =>
        {
            var registry = Registry(parse);
            var current = registry.Current() ?? throw new Infrastructure.UserError($"No current version in {registry.Folder}.");
            TrainedModels loaded;
            try
            {
                loaded = registry.Load(current);
            }
            catch (InvalidDataException e)
            {
                throw new Infrastructure.UserError($"{e.Message}.");
            }
            Console.WriteLine($"{current} loads and fits this build ({loaded.Schema.ResponseNames.Count} response features).");
            return 0;
        });

        return new Command("models", "Inspect and promote published model versions.") { list, show, promote, rollback, verify };
    }

    private static string Metric(ModelManifest m, string key) =>
        m.Metrics.TryGetValue(key, out var v) && !double.IsNaN(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "-";
}
