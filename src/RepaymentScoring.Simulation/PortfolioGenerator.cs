using System.Globalization;
using System.IO.Compression;
using RepaymentScoring.Contract.Csv;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Simulation.Engine;

namespace RepaymentScoring.Simulation;

/// <summary>Runs the simulator with its logging strategy and writes the portfolio as contract CSV files (and, on request, its truth).</summary>
public static class PortfolioGenerator
{
    public const string DecisionTruthFile = "truth_decisions.csv.gz";
    public const string SnapshotTruthFile = "truth_snapshots.csv.gz";

    public static void Generate(SimulationSettings settings, string folder, bool writeTruth, IProgress<int>? daysDone = null)
    {
        var simulator = new PortfolioSimulator(settings, computeTruth: writeTruth);
        using var sink = new CsvSimulationSink(folder, PortfolioSimulator.FeatureColumns, writeTruth);
        simulator.Run(sink, daysDone);
        sink.Complete();
    }

    /// <summary>Writes rows as they come; the truth goes to two gzipped CSV files beside the contract files.</summary>
    private sealed class CsvSimulationSink : ISimulationSink, IDisposable
    {
        private readonly ContractCsvWriter _writer;
        private readonly StreamWriter? _decisions;
        private readonly StreamWriter? _snapshots;
        private readonly string _folder;

        public CsvSimulationSink(string folder, IReadOnlyList<string> featureColumns, bool writeTruth)
        {
            _folder = folder;
            _writer = new ContractCsvWriter(folder, featureColumns);
            if (!writeTruth) return;
            _decisions = Gzip(DecisionTruthFile);
            _decisions.WriteLine("contact_id,account_id,decided_at,channel,cadence_days,hour,p_payment_7d,p_payment_7d_if_waiting,amount_due");
            _snapshots = Gzip(SnapshotTruthFile);
            _snapshots.WriteLine("account_id,as_of,p_repayment_30d");
        }

        private StreamWriter Gzip(string file) =>
            new(new GZipStream(File.Create(Path.Combine(_folder, file + ".partial")), CompressionLevel.Fastest), new System.Text.UTF8Encoding(false));

        public void Write(Account account) => _writer.Write(account);
        public void Write(AccountSnapshot snapshot) => _writer.Write(snapshot);
        public void Write(Contact contact) => _writer.Write(contact);
        public void Write(Payment payment) => _writer.Write(payment);

        public void Write(DecisionTruth t) => _decisions?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{t.ContactId},{t.AccountId},{ContractFormat.Format(t.DecidedAt)},{t.Action.Channel},{t.Action.CadenceDays},{t.Action.Hour},{t.PaymentProbability7d:0.######},{t.PaymentProbability7dIfWaiting:0.######},{ContractFormat.Format(t.AmountDue)}"));

        public void Write(SnapshotTruth t) => _snapshots?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{t.AccountId},{ContractFormat.Format(t.AsOf)},{t.RepaymentProbability30d:0.######}"));

        public void Complete()
        {
            _decisions?.Dispose();
            _snapshots?.Dispose();
            foreach (var file in new[] { DecisionTruthFile, SnapshotTruthFile })
                if (File.Exists(Path.Combine(_folder, file + ".partial")))
                    File.Move(Path.Combine(_folder, file + ".partial"), Path.Combine(_folder, file), overwrite: true);
            _writer.Complete();
        }

        public void Dispose()
        {
            _decisions?.Dispose();
            _snapshots?.Dispose();
            _writer.Dispose();
        }
    }
}
