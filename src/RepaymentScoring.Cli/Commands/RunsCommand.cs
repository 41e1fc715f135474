using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using RepaymentScoring.Cli.Infrastructure;
using RepaymentScoring.Store;
using Spectre.Console;

namespace RepaymentScoring.Cli.Commands;

internal static class RunsCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var store = new Option<string?>("--store") { Description = "SQLite file or PostgreSQL connection string (default: ConnectionStrings:Store)." };
        var json = new Option<bool>("--json") { Description = "Print the runs as a JSON array instead of a table." };
        var list = new Command("list", "List the stored scoring runs, newest first.") { store, json };
        list.SetAction(parse =>
        {
            var target = ContractStore.Open(configuration.StoreOrDefault(parse.GetValue(store)));
            if (!target.Location.Exists) throw new UserError($"no store at {target.Location.SqliteFile}.");
            var runs = target.SchemaVersion() == 0 ? [] : target.Runs();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonOutput.Serialize(runs));
                return 0;
            }
            var table = new Table().AddColumns("run", "created", "as of", "model version", "profile", "limits", "plans", "contacts", "expected value");
            foreach (var r in runs)
                table.AddRow(r.RunId, r.CreatedAt.ToString("u", CultureInfo.InvariantCulture), r.AsOf.ToString("u", CultureInfo.InvariantCulture), r.ModelVersion, r.Profile,
                    Markup.Escape($"{r.Capacities ?? "-"}{(r.Budget is { } b ? string.Create(CultureInfo.InvariantCulture, $", budget {b:N2}") : "")}"),
                    $"{r.Accounts:N0}", $"{r.ContactsPlanned:N0}", r.ExpectedValue.ToString("N2", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            return 0;
        });
        return new Command("runs", "Inspect stored scoring runs (written by 'repay score --store' and 'repay plan --store').") { list };
    }
}
