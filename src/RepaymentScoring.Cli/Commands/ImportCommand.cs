using System.CommandLine;
using Microsoft.Extensions.Configuration;
using RepaymentScoring.Cli.Infrastructure;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Csv;
using RepaymentScoring.Store;
using RepaymentScoring.Store.Import;
using Spectre.Console;

namespace RepaymentScoring.Cli.Commands;

internal static class ImportCommand
{
    private static readonly string[] SqliteFiles = ["", "-wal", "-shm", "-journal"];

    public static Command Create(IConfiguration configuration)
    {
        var folder = new Argument<string>("folder") { Description = "Folder with accounts.csv, account_snapshots.csv, contacts.csv, payments.csv (any of them)." };
        var store = new Option<string?>("--store") { Description = "SQLite file or PostgreSQL connection string (default: ConnectionStrings:Store)." };
        var replace = new Option<bool>("--replace") { Description = "Overwrite stored rows whose id matches but whose content differs." };
        var command = new Command("import", "Validate contract CSV files and store them, all or nothing.") { folder, store, replace };
        command.SetAction(parse =>
        {
            var target = ContractStore.Open(configuration.StoreOrDefault(parse.GetValue(store)));
            var created = !target.Location.Exists;
            ImportResult result;
            try
            {
                target.Migrate();
                var known = target.AccountIds();
                var data = ConsoleProgress.Count("Validating rows", progress =>
                    new ContractCsvReader(PlanningSettings.Channels(configuration)).ReadFolder(parse.GetValue(folder)!, known.Contains, progress));
                result = target.Import(data, parse.GetValue(replace), new SyncProgress<string>(stage => Console.Error.WriteLine($"import: {stage}")));
            }
            catch when (created)
            {
                // Nothing was stored: a store this command created is not left behind empty.
                foreach (var file in SqliteFiles.Select(suffix => target.Location.SqliteFile + suffix))
                    File.Delete(file);
                throw;
            }

            var table = new Table().AddColumns("table", "added", "replaced", "unchanged");
            foreach (var (name, t) in result.Tables)
                table.AddRow(name, $"{t.Added:N0}", $"{t.Replaced:N0}", $"{t.Unchanged:N0}");
            AnsiConsole.Write(table);
            Console.WriteLine($"Imported into {target.Location.Describe()}: {result.Added:N0} added, {result.Replaced:N0} replaced, {result.Unchanged:N0} unchanged.");
            return 0;
        });
        return command;
    }

}
