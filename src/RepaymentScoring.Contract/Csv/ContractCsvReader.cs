using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Contract.Csv;

/// <summary>
/// Reads and validates a folder of contract CSV files (DATA-CONTRACT.md). Every offending field is
/// reported as <c>file:line: column: reason</c>; a set with any error yields no rows at all.
/// </summary>
public sealed class ContractCsvReader(ChannelCatalog channels)
{
    public const int MaxIdLength = 64;

    /// <summary>
    /// Reads whichever of the four files the folder holds. <paramref name="knownAccountIds"/> answers
    /// whether an account not in this accounts.csv is already stored (references may point there).
    /// </summary>
    /// <exception cref="ContractViolationException">Any file breaks the contract.</exception>
    public ContractDataSet ReadFolder(string folder, Func<string, bool>? knownAccountIds = null, IProgress<long>? rowsRead = null)
    {
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"No folder '{folder}'.");
        if (!ContractFiles.IsContractFolder(folder))
            throw new FileNotFoundException($"'{folder}' holds none of {ContractFiles.Accounts}, {ContractFiles.Snapshots}, {ContractFiles.Contacts}, {ContractFiles.Payments}.");

        var data = new ContractDataSet();
        var errors = new List<ContractError>();
        long rows = 0;
        void Tick() { if (++rows % 100_000 == 0) rowsRead?.Report(rows); }

        ReadTable(folder, ContractFiles.Accounts, ContractFiles.AccountColumns, ["account_id", "product", "opened_on", "time_zone"], errors, data,
            (row, extras) => { ReadAccount(row, extras, data); Tick(); });
        var accountIds = new HashSet<string>(data.Accounts.Select(a => a.Row.AccountId), StringComparer.Ordinal);
        bool AccountExists(string id) => accountIds.Contains(id) || (knownAccountIds?.Invoke(id) ?? false);

        ReadTable(folder, ContractFiles.Snapshots, ContractFiles.SnapshotColumns, ["account_id", "as_of", "days_past_due", "amount_due", "balance"], errors, data,
            (row, _) => { ReadSnapshot(row, AccountExists, data); Tick(); });
        ReadTable(folder, ContractFiles.Contacts, ContractFiles.ContactColumns, ["contact_id", "account_id", "contacted_at", "channel", "outcome"], errors, data,
            (row, _) => { ReadContact(row, AccountExists, data); Tick(); });
        ReadTable(folder, ContractFiles.Payments, ContractFiles.PaymentColumns, ["payment_id", "account_id", "paid_at", "amount"], errors, data,
            (row, _) => { ReadPayment(row, AccountExists, data); Tick(); });
        rowsRead?.Report(rows);

        if (errors.Count > 0)
            throw new ContractViolationException(errors);
        return data;
    }

    private static void ReadTable(string folder, string file, string[] knownColumns, string[] requiredColumns,
        List<ContractError> errors, ContractDataSet data, Action<RowReader, IReadOnlyList<(string Name, int Index)>> readRow)
    {
        var path = Path.Combine(folder, file);
        if (!File.Exists(path))
            return;
        data.FilesRead.Add(file);
        try
        {
            ReadRows(path, file, knownColumns, requiredColumns, errors, data, readRow);
        }
        catch (DecoderFallbackException)
        {
            errors.Add(new ContractError(file, Utf8Check.LineOfFirstInvalidByte(path), "(encoding)",
                "the file is not valid UTF-8 (the contract's encoding); convert it, for example with iconv -f latin1 -t utf-8"));
        }
        catch (MaxFieldSizeException e)
        {
            errors.Add(new ContractError(file, e.Context?.Parser?.RawRow ?? 0, "(field)", $"a field is longer than {ContractFormat.MaxTextLength} characters"));
        }
    }

    private static void ReadRows(string path, string file, string[] knownColumns, string[] requiredColumns,
        List<ContractError> errors, ContractDataSet data, Action<RowReader, IReadOnlyList<(string Name, int Index)>> readRow)
    {
        // Bad bytes are an error, not a replacement character stored for good.
        using var stream = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            // Stops a runaway field (an unclosed quote, a binary file) before it is held in memory whole.
            MaxFieldSize = ContractFormat.MaxTextLength * 4,
        };
        using var csv = new CsvReader(stream, config);
        if (!csv.Read())
        {
            errors.Add(new ContractError(file, 1, "(header)", "the file is empty; it needs a header row"));
            return;
        }
        csv.ReadHeader();
        var header = csv.HeaderRecord ?? [];
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var extras = new List<(string, int)>();
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim().ToLowerInvariant();
            if (name.Length == 0)
            {
                errors.Add(new ContractError(file, 1, $"(column {i + 1})", "empty column name"));
                continue;
            }
            if (!columns.TryAdd(name, i))
            {
                errors.Add(new ContractError(file, 1, name, "column appears twice"));
                continue;
            }
            if (!knownColumns.Contains(name))
                extras.Add((name, i));
        }
        foreach (var required in requiredColumns.Where(c => !columns.ContainsKey(c)))
            errors.Add(new ContractError(file, 1, required, "required column is missing"));
        if (requiredColumns.Any(c => !columns.ContainsKey(c)))
            return;
        if (file == ContractFiles.Accounts)
            data.FeatureColumns.AddRange(extras.Select(e => e.Item1));

        var row = new RowReader(file, columns, errors, header.Length);
        while (csv.Read())
        {
            // CsvHelper counts physical lines, so a quoted field spanning lines still names its first line.
            row.Begin(csv, csv.Parser.RawRow - CountLineBreaks(csv.Parser.RawRecord));
            if (row.IsBlank)
                continue;
            readRow(row, file == ContractFiles.Accounts ? extras : []);
        }
    }

    private static int CountLineBreaks(string raw)
    {
        var n = 0;
        for (var i = 0; i < raw.Length - 1; i++)
            if (raw[i] == '\n') n++;
        return n;
    }

    private void ReadAccount(RowReader r, IReadOnlyList<(string Name, int Index)> extras, ContractDataSet data)
    {
        var start = r.ErrorCount;
        var id = r.Id("account_id");
        var product = r.Required("product");
        if (product is not null && !Account.Products.Contains(product))
            r.Error("product", $"'{product}' is not one of {string.Join(", ", Account.Products)}");
        var openedOn = r.Date("opened_on", required: true);
        var creditLimit = r.Decimal("credit_limit", min: 0);
        var principal = r.Decimal("original_principal", min: 0);
        var age = r.Int("customer_age", Account.MinAge, Account.MaxAge);
        var region = r.Optional("region");
        var timeZone = r.Required("time_zone");
        if (timeZone is not null && !ContractFormat.IsIanaTimeZone(timeZone))
            r.Error("time_zone", $"'{timeZone}' is not an IANA time zone id like Asia/Shanghai");
        var optedOut = new List<string>();
        foreach (var channel in (r.Optional("opted_out") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!channels.TryGet(channel, out var def) || def.Kind == ChannelKind.None)
                r.Error("opted_out", $"'{channel}' is not a known channel");
            else if (!optedOut.Contains(channel))
                optedOut.Add(channel);
        }
        HourRange? hours = null;
        if (r.Optional("preferred_hours") is { } hoursText)
        {
            if (HourRange.TryParse(hoursText, out var h, out var why)) hours = h;
            else r.Error("preferred_hours", why!);
        }
        var features = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, index) in extras)
            if (r.Raw(index) is { Length: > 0 } value)
                features[name] = value;

        if (r.ErrorCount == start)
            data.Accounts.Add(new(new Account(id!, product!, openedOn!.Value, creditLimit, principal, age, region, timeZone!,
                optedOut, hours, features), r.Line));
        r.CheckUnique("account_id", id);
    }

    private static void ReadSnapshot(RowReader r, Func<string, bool> accountExists, ContractDataSet data)
    {
        var start = r.ErrorCount;
        var accountId = r.Reference("account_id", accountExists);
        var asOf = r.Date("as_of", required: true);
        var dpd = r.Int("days_past_due", 0, 100_000, required: true);
        var due = r.Decimal("amount_due", min: 0, required: true);
        var balance = r.Decimal("balance", min: 0, required: true);
        var hardship = r.Bool("hardship");
        var promise = r.Date("promise_to_pay_until", required: false);
        var legal = r.Optional("legal_status") ?? LegalStatuses.None;
        if (!LegalStatuses.All.Contains(legal))
            r.Error("legal_status", $"'{legal}' is not one of {string.Join(", ", LegalStatuses.All)}");
        var cease = r.Bool("cease_contact");
        if (r.ErrorCount == start)
            data.Snapshots.Add(new(new AccountSnapshot(accountId!, asOf!.Value, dpd!.Value, due!.Value, balance!.Value, hardship, promise, legal, cease), r.Line));
        if (accountId is not null && asOf is not null)
            r.CheckUnique("as_of", $"{accountId}\u0001{ContractFormat.Format(asOf.Value)}", $"a second snapshot of this account as of {ContractFormat.Format(asOf.Value)}");
    }

    private void ReadContact(RowReader r, Func<string, bool> accountExists, ContractDataSet data)
    {
        var start = r.ErrorCount;
        var id = r.Id("contact_id");
        var accountId = r.Reference("account_id", accountExists);
        var at = r.Timestamp("contacted_at");
        var channel = r.Required("channel");
        ChannelDefinition? definition = null;
        if (channel is not null && !channels.TryGet(channel, out definition))
            r.Error("channel", $"'{channel}' is not a known channel ({string.Join(", ", channels.ContactChannels)} or none)");
        var outcome = r.Required("outcome");
        if (outcome is not null && definition is not null && !definition.Outcomes.Contains(outcome))
            r.Error("outcome", $"'{outcome}' is not an outcome of {channel} ({string.Join(", ", definition.Outcomes)})");
        var cost = r.Decimal("cost", min: 0);
        double? probability = null;
        if (r.Optional("treatment_probability") is { } p)
        {
            if (double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && v <= 1) probability = v;
            else r.Error("treatment_probability", $"'{p}' is not a probability in (0, 1]");
        }
        var strategy = r.Optional("strategy");
        var cadence = r.Int("cadence_days", 1, 30);
        if (cadence is { } days && !Actions.ContactAction.Cadences.Contains(days))
            r.Error("cadence_days", $"{days} is not a cadence ({string.Join(", ", Actions.ContactAction.Cadences)})");
        if (r.ErrorCount == start)
            data.Contacts.Add(new(new Contact(id!, accountId!, at!.Value, channel!, outcome!, cost, probability, strategy, cadence), r.Line));
        r.CheckUnique("contact_id", id);
    }

    private static void ReadPayment(RowReader r, Func<string, bool> accountExists, ContractDataSet data)
    {
        var start = r.ErrorCount;
        var id = r.Id("payment_id");
        var accountId = r.Reference("account_id", accountExists);
        var at = r.Timestamp("paid_at");
        var amount = r.Decimal("amount", min: 0, required: true);
        if (amount is <= 0)
            r.Error("amount", "must be greater than 0");
        if (r.ErrorCount == start)
            data.Payments.Add(new(new Payment(id!, accountId!, at!.Value, amount!.Value), r.Line));
        r.CheckUnique("payment_id", id);
    }
}
