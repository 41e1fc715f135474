using System.Globalization;
using CsvHelper;
using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Contract.Csv;

/// <summary>
/// Streams the four contract tables into a folder. Files are written under temporary names and
/// renamed into place by <see cref="Complete"/>, so a reader never sees a half-written set.
/// </summary>
public sealed class ContractCsvWriter : IDisposable
{
    private readonly string _folder;
    private readonly IReadOnlyList<string> _featureColumns;
    private readonly (string File, StreamWriter Stream, CsvWriter Csv)[] _tables;
    private bool _completed;

    public ContractCsvWriter(string folder, IReadOnlyList<string> featureColumns)
    {
        _folder = folder;
        _featureColumns = featureColumns;
        Directory.CreateDirectory(folder);
        _tables =
        [
            Open(ContractFiles.Accounts, [.. ContractFiles.AccountColumns, .. featureColumns]),
            Open(ContractFiles.Snapshots, ContractFiles.SnapshotColumns),
            Open(ContractFiles.Contacts, ContractFiles.ContactColumns),
            Open(ContractFiles.Payments, ContractFiles.PaymentColumns),
        ];
    }

    public long RowsWritten { get; private set; }

    private (string, StreamWriter, CsvWriter) Open(string file, string[] header)
    {
        var stream = new StreamWriter(Path.Combine(_folder, file + ".partial"), append: false, new System.Text.UTF8Encoding(false), 1 << 16);
        var csv = new CsvWriter(stream, CultureInfo.InvariantCulture);
        foreach (var h in header) csv.WriteField(h);
        csv.NextRecord();
        return (file, stream, csv);
    }

    public void Write(Account a)
    {
        var csv = _tables[0].Csv;
        csv.WriteField(a.AccountId);
        csv.WriteField(a.Product);
        csv.WriteField(ContractFormat.Format(a.OpenedOn));
        csv.WriteField(ContractFormat.Format(a.CreditLimit));
        csv.WriteField(ContractFormat.Format(a.OriginalPrincipal));
        csv.WriteField(a.CustomerAge?.ToString(CultureInfo.InvariantCulture) ?? "");
        csv.WriteField(a.Region ?? "");
        csv.WriteField(a.TimeZone);
        csv.WriteField(string.Join(';', a.OptedOut));
        csv.WriteField(a.PreferredHours?.ToString() ?? "");
        foreach (var f in _featureColumns)
            csv.WriteField(a.Features.TryGetValue(f, out var v) ? v : "");
        csv.NextRecord();
        RowsWritten++;
    }

    public void Write(AccountSnapshot s)
    {
        var csv = _tables[1].Csv;
        csv.WriteField(s.AccountId);
        csv.WriteField(ContractFormat.Format(s.AsOf));
        csv.WriteField(s.DaysPastDue.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(ContractFormat.Format(s.AmountDue));
        csv.WriteField(ContractFormat.Format(s.Balance));
        csv.WriteField(ContractFormat.Format(s.Hardship));
        csv.WriteField(s.PromiseToPayUntil is { } p ? ContractFormat.Format(p) : "");
        csv.WriteField(s.LegalStatus);
        csv.WriteField(ContractFormat.Format(s.CeaseContact));
        csv.NextRecord();
        RowsWritten++;
    }

    public void Write(Contact c)
    {
        var csv = _tables[2].Csv;
        csv.WriteField(c.ContactId);
        csv.WriteField(c.AccountId);
        csv.WriteField(ContractFormat.Format(c.ContactedAt));
        csv.WriteField(c.Channel);
        csv.WriteField(c.Outcome);
        csv.WriteField(ContractFormat.Format(c.Cost));
        csv.WriteField(ContractFormat.Format(c.TreatmentProbability));
        csv.WriteField(c.Strategy ?? "");
        csv.WriteField(c.CadenceDays?.ToString(CultureInfo.InvariantCulture) ?? "");
        csv.NextRecord();
        RowsWritten++;
    }

    public void Write(Payment p)
    {
        var csv = _tables[3].Csv;
        csv.WriteField(p.PaymentId);
        csv.WriteField(p.AccountId);
        csv.WriteField(ContractFormat.Format(p.PaidAt));
        csv.WriteField(ContractFormat.Format(p.Amount));
        csv.NextRecord();
        RowsWritten++;
    }

    /// <summary>Flushes and renames every file into place.</summary>
    public void Complete()
    {
        foreach (var (_, stream, csv) in _tables)
        {
            csv.Flush();
            stream.Flush();
            stream.Dispose();
        }
        foreach (var (file, _, _) in _tables)
            File.Move(Path.Combine(_folder, file + ".partial"), Path.Combine(_folder, file), overwrite: true);
        _completed = true;
    }

    public void Dispose()
    {
        if (_completed) return;
        foreach (var (file, stream, _) in _tables)
        {
            stream.Dispose();
            File.Delete(Path.Combine(_folder, file + ".partial"));
        }
    }
}
