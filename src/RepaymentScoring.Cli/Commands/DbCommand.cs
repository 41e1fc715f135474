using System.CommandLine;
using Microsoft.Extensions.Configuration;
using RepaymentScoring.Cli.Infrastructure;
using RepaymentScoring.Store;

namespace RepaymentScoring.Cli.Commands;

internal static class DbCommand
{
    public static Command Create(IConfiguration configuration)
    {
        var store = new Option<string?>("--store") { Description = "SQLite file or PostgreSQL connection string (default: ConnectionStrings:Store)." };

        var migrate = new Command("migrate", "Apply the schema migrations the store lacks (safe to run from several processes at once).") { store };
        migrate.SetAction(parse =>
        {
            var target = ContractStore.Open(configuration.StoreOrDefault(parse.GetValue(store)));
            var applied = target.Migrate();
            foreach (var m in applied)
                Console.WriteLine($"applied {m.Name}");
            Console.WriteLine($"{target.Location.Describe()} is at schema version {target.SchemaVersion()} ({applied.Count} applied now).");
            return 0;
        });

        var json = new Option<bool>("--json") { Description = "Print the status as one JSON object (store, schema_version, latest_schema_version, counts)." };
        var status = new Command("status", "Show the store's schema version and row counts.") { store, json };
        status.SetAction(parse =>
        {
            var target = ContractStore.Open(configuration.StoreOrDefault(parse.GetValue(store)));
            if (!target.Location.Exists)
                throw new UserError($"no store at {target.Location.SqliteFile}; create one with repay db migrate --store {target.Location.SqliteFile} (or repay import).");
            var version = target.SchemaVersion();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonOutput.Serialize(new
                {
                    Store = target.Location.Describe(),
                    SchemaVersion = version,
                    LatestSchemaVersion = target.LatestSchemaVersion,
                    Counts = version == 0 ? null : target.Counts(),
                }));
                return 0;
            }
            Console.WriteLine($"{target.Location.Describe()}: schema version {version} of {target.LatestSchemaVersion}");
            if (version == 0) return 0;
            var c = target.Counts();
            Console.WriteLine($"accounts {c.Accounts}, account_features {c.AccountFeatures}, account_snapshots {c.Snapshots}, contacts {c.Contacts}, payments {c.Payments}");
            return 0;
        });

        return new Command("db", "Manage the store.") { migrate, status };
    }
}
