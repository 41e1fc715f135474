using System.CommandLine;
using System.Globalization;
using CsvHelper;
using Microsoft.Extensions.Configuration;
using RepaymentScoring.Cli.Infrastructure;
using RepaymentScoring.Contract.Csv;
using RepaymentScoring.Store;

namespace RepaymentScoring.Cli.Commands;

internal static class AuditCommand
{
    private static readonly string[] Columns =
        ["served_at", "request_id", "account_id", "model_version", "profile", "channel", "cadence_days", "next_contact_at", "expected_value", "treatment_probability", "strategy"];

    public static Command Create(IConfiguration configuration)
    {
        var store = new Option<string?>("--store") { Description = "SQLite file or PostgreSQL connection string (default: ConnectionStrings:Store)." };
        var since = new Option<string>("--since") { Description = "First moment included (ISO 8601 with offset; a bare date is 00:00 UTC).", Required = true };
        var until = new Option<string>("--until") { Description = "First moment excluded.", Required = true };
        var output = new Option<string>("--out") { Description = "CSV file to write.", Required = true };
        var export = new Command("export", "Write the plans the service served in a time range, as CSV.") { store, since, until, output };
        export.SetAction(parse =>
        {
            var target = ContractStore.Open(configuration.StoreOrDefault(parse.GetValue(store)));
            var from = PlanningSettings.ParseMoment(parse.GetValue(since)!);
            var to = PlanningSettings.ParseMoment(parse.GetValue(until)!);
            if (to <= from) throw new UserError("--until must be after --since.");
            var path = parse.GetValue(output)!;
            var count = AtomicFile.Write(path, writer =>
            {
                using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
                var written = 0;
                foreach (var c in Columns) csv.WriteField(c);
                csv.NextRecord();
                foreach (var r in target.ReadAudit(from, to))
                {
                    csv.WriteField(ContractFormat.Format(r.ServedAt));
                    csv.WriteField(r.RequestId);
                    csv.WriteField(r.AccountId);
                    csv.WriteField(r.ModelVersion);
                    csv.WriteField(r.Profile);
                    csv.WriteField(r.Channel);
                    csv.WriteField(r.CadenceDays.ToString(CultureInfo.InvariantCulture));
                    csv.WriteField(ContractFormat.Format(r.NextContactAt));
                    csv.WriteField(r.ExpectedValue.ToString("0.####", CultureInfo.InvariantCulture));
                    csv.WriteField(r.TreatmentProbability.ToString("0.########", CultureInfo.InvariantCulture));
                    csv.WriteField(r.Strategy);
                    csv.NextRecord();
                    written++;
                }
                return written;
            });
            Console.WriteLine($"Wrote {count:N0} audit rows from {target.Location.Describe()} to {path}.");
            return 0;
        });
        return new Command("audit", "The plans the scoring service served.") { export };
    }
}
