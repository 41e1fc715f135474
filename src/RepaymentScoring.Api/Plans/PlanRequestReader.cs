using System.Globalization;
using System.Text.Json;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Csv;
using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Api.Plans;

/// <summary>
/// Reads a plan request (<c>{"as_of", "account", "snapshots", "contacts", "payments"}</c>, the contract's
/// snake_case names) into an account history, collecting every invalid field by its JSON path.
/// Works on the raw JSON, so wrong types become field errors, never exceptions.
/// </summary>
internal sealed class PlanRequestReader(ChannelCatalog channels)
{
    private static readonly HashSet<string> AccountFields = new(ContractFiles.AccountColumns, StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public IDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    /// <summary>The request named the planning moment <c>at</c>, the deprecated name of <c>as_of</c>.</summary>
    public bool UsedDeprecatedAt { get; private set; }

    public (AccountHistory? History, DateTimeOffset At) Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            Error("$", "the body must be a JSON object");
            return (null, default);
        }
        UsedDeprecatedAt = !body.TryGetProperty(PlanningMoment.Name, out _) && body.TryGetProperty(PlanningMoment.DeprecatedName, out _);
        if (body.TryGetProperty(PlanningMoment.Name, out _) && body.TryGetProperty(PlanningMoment.DeprecatedName, out _))
            Error(PlanningMoment.DeprecatedName, $"give the moment once, as '{PlanningMoment.Name}' ('{PlanningMoment.DeprecatedName}' is its deprecated name)");
        var name = UsedDeprecatedAt ? PlanningMoment.DeprecatedName : PlanningMoment.Name;
        var at = Timestamp(body, name, name) ?? default;
        if (!body.TryGetProperty("account", out var a) || a.ValueKind != JsonValueKind.Object)
        {
            Error("account", "required object");
            return (null, at);
        }
        var account = ReadAccount(a);
        var id = account?.AccountId ?? "";
        var snapshots = Rows(body, "snapshots", (e, path) => ReadSnapshot(e, path, id));
        var contacts = Rows(body, "contacts", (e, path) => ReadContact(e, path, id));
        var payments = Rows(body, "payments", (e, path) => ReadPayment(e, path, id));
        if (snapshots.Count == 0 && !_errors.ContainsKey("snapshots"))
            Error("snapshots", $"at least one snapshot at or before '{name}' is needed to plan");
        if (account is not null && at != default && account.OpenedOn > DateOnly.FromDateTime(at.UtcDateTime.AddDays(1)))
            Error("account.opened_on", $"after '{name}': the account did not exist yet");
        if (_errors.Count > 0 || account is null) return (null, at);
        return (new AccountHistory(account,
            snapshots.GroupBy(s => s.AsOf).Select(g => g.Last()).OrderBy(s => s.AsOf).ToList(),
            contacts.OrderBy(c => c.ContactedAt).ThenBy(c => c.ContactId, StringComparer.Ordinal).ToList(),
            payments.OrderBy(p => p.PaidAt).ToList()), at);
    }

    private Account? ReadAccount(JsonElement a)
    {
        var start = _errors.Count;
        var id = Text(a, "account_id", "account.account_id", required: true, maxLength: ContractCsvReader.MaxIdLength);
        var product = Text(a, "product", "account.product", required: true);
        if (product is not null && !Account.Products.Contains(product)) Error("account.product", $"not one of {string.Join(", ", Account.Products)}");
        var opened = Date(a, "opened_on", "account.opened_on", required: true);
        var zone = Text(a, "time_zone", "account.time_zone", required: true);
        if (zone is not null && !ContractFormat.IsIanaTimeZone(zone)) Error("account.time_zone", $"'{Clip(zone)}' is not an IANA time zone id");
        var age = Integer(a, "customer_age", "account.customer_age", Account.MinAge, Account.MaxAge);
        var optedOut = new List<string>();
        foreach (var c in (Text(a, "opted_out", "account.opted_out") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!channels.TryGet(c, out var d) || d.Kind == ChannelKind.None) Error("account.opted_out", $"'{Clip(c)}' is not a known channel");
            else optedOut.Add(c);
        }
        HourRange? hours = null;
        if (Text(a, "preferred_hours", "account.preferred_hours") is { } h)
        {
            if (HourRange.TryParse(h, out var range, out var why)) hours = range;
            else Error("account.preferred_hours", why!);
        }
        var features = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in a.EnumerateObject())
        {
            if (AccountFields.Contains(p.Name)) continue;
            if (p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number) features[p.Name] = p.Value.ToString();
            else if (p.Value.ValueKind != JsonValueKind.Null) Error($"account.{p.Name}", "an extra feature must be a string or a number");
        }
        var limit = Money(a, "credit_limit", "account.credit_limit", required: false, min: 0);
        var principal = Money(a, "original_principal", "account.original_principal", required: false, min: 0);
        var region = Text(a, "region", "account.region");
        return _errors.Count > start ? null
            : new Account(id!, product!, opened!.Value, limit, principal, age, region, zone!, optedOut, hours, features);
    }

    private AccountSnapshot? ReadSnapshot(JsonElement s, string path, string accountId)
    {
        var start = _errors.Count;
        CheckAccount(s, path, accountId);
        var asOf = Date(s, "as_of", $"{path}.as_of", required: true);
        var dpd = Integer(s, "days_past_due", $"{path}.days_past_due", 0, 100_000, required: true);
        var due = Money(s, "amount_due", $"{path}.amount_due", required: true, min: 0);
        var balance = Money(s, "balance", $"{path}.balance", required: true, min: 0);
        var hardship = Bool(s, "hardship", $"{path}.hardship");
        var promise = Date(s, "promise_to_pay_until", $"{path}.promise_to_pay_until", required: false);
        var legal = Text(s, "legal_status", $"{path}.legal_status") ?? LegalStatuses.None;
        if (!LegalStatuses.All.Contains(legal)) Error($"{path}.legal_status", $"not one of {string.Join(", ", LegalStatuses.All)}");
        var cease = Bool(s, "cease_contact", $"{path}.cease_contact");
        return _errors.Count > start ? null
            : new AccountSnapshot(accountId, asOf!.Value, dpd!.Value, due!.Value, balance!.Value, hardship, promise, legal, cease);
    }

    private Contact? ReadContact(JsonElement c, string path, string accountId)
    {
        var start = _errors.Count;
        CheckAccount(c, path, accountId);
        var id = Text(c, "contact_id", $"{path}.contact_id", required: true, maxLength: ContractCsvReader.MaxIdLength);
        var at = Timestamp(c, "contacted_at", $"{path}.contacted_at");
        var channel = Text(c, "channel", $"{path}.channel", required: true);
        ChannelDefinition? definition = null;
        if (channel is not null && !channels.TryGet(channel, out definition)) Error($"{path}.channel", $"'{Clip(channel)}' is not a known channel");
        var outcome = Text(c, "outcome", $"{path}.outcome", required: true);
        if (outcome is not null && definition is not null && !definition.Outcomes.Contains(outcome))
            Error($"{path}.outcome", $"'{Clip(outcome)}' is not an outcome of {channel}");
        var cost = Money(c, "cost", $"{path}.cost", required: false, min: 0);
        double? probability = null;
        if (c.TryGetProperty("treatment_probability", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind == JsonValueKind.Number && p.TryGetDouble(out var v) && v > 0 && v <= 1) probability = v;
            else Error($"{path}.treatment_probability", "a number in (0, 1]");
        }
        var cadence = Integer(c, "cadence_days", $"{path}.cadence_days", 1, 30);
        if (cadence is { } days && !Contract.Actions.ContactAction.Cadences.Contains(days)) Error($"{path}.cadence_days", "not one of 1, 2, 3, 7, 14, 30");
        return _errors.Count > start ? null
            : new Contact(id!, accountId, at!.Value, channel!, outcome!, cost, probability, Text(c, "strategy", $"{path}.strategy"), cadence);
    }

    private Payment? ReadPayment(JsonElement p, string path, string accountId)
    {
        var start = _errors.Count;
        CheckAccount(p, path, accountId);
        var id = Text(p, "payment_id", $"{path}.payment_id", required: true, maxLength: ContractCsvReader.MaxIdLength);
        var at = Timestamp(p, "paid_at", $"{path}.paid_at");
        var amount = Money(p, "amount", $"{path}.amount", required: true, min: 0);
        if (amount is <= 0) Error($"{path}.amount", "must be greater than 0");
        return _errors.Count > start ? null : new Payment(id!, accountId, at!.Value, amount!.Value);
    }

    private List<T> Rows<T>(JsonElement body, string name, Func<JsonElement, string, T?> read) where T : class
    {
        var rows = new List<T>();
        if (!body.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null) return rows;
        if (list.ValueKind != JsonValueKind.Array)
        {
            Error(name, "must be an array");
            return rows;
        }
        var i = 0;
        foreach (var e in list.EnumerateArray())
        {
            var path = $"{name}[{i++}]";
            if (e.ValueKind != JsonValueKind.Object) Error(path, "must be an object");
            else if (read(e, path) is { } row) rows.Add(row);
        }
        return rows;
    }

    private void CheckAccount(JsonElement row, string path, string accountId)
    {
        if (row.TryGetProperty("account_id", out var id) && id.ValueKind != JsonValueKind.Null && id.ToString() != accountId)
            Error($"{path}.account_id", "differs from account.account_id");
    }

    private string? Text(JsonElement e, string name, string path, bool required = false, int maxLength = ContractFormat.MaxTextLength)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null || (v.ValueKind == JsonValueKind.String && v.GetString()!.Trim().Length == 0))
        {
            if (required) Error(path, "required");
            return null;
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            Error(path, "must be a string");
            return null;
        }
        var text = v.GetString()!.Trim();
        if (text.Length > maxLength)
        {
            Error(path, $"longer than {maxLength} characters");
            return null;
        }
        return text;
    }

    private DateOnly? Date(JsonElement e, string name, string path, bool required)
    {
        var text = Text(e, name, path, required);
        if (text is null) return null;
        if (ContractFormat.TryParseDate(text, out var d, out var why)) return d;
        Error(path, why!);
        return null;
    }

    private DateTimeOffset? Timestamp(JsonElement e, string name, string path)
    {
        var text = Text(e, name, path, required: true);
        if (text is null) return null;
        if (ContractFormat.TryParseTimestamp(text, out var t, out var why)) return t;
        Error(path, why!);
        return null;
    }

    private decimal? Money(JsonElement e, string name, string path, bool required, decimal min)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) Error(path, "required");
            return null;
        }
        decimal value;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var n)) value = n;
        else if (v.ValueKind == JsonValueKind.String && ContractFormat.TryParseDecimal(v.GetString()!, out var parsed, out _)) value = parsed;
        else
        {
            Error(path, "must be a decimal number");
            return null;
        }
        if (value < min || Math.Abs(value) > ContractFormat.MaxAmount)
        {
            Error(path, $"must be within {min}..{ContractFormat.MaxAmount:0}");
            return null;
        }
        return value;
    }

    private int? Integer(JsonElement e, string name, string path, int min, int max, bool required = false)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required) Error(path, "required");
            return null;
        }
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= min && n <= max) return n;
        Error(path, $"must be a whole number within {min}..{max}");
        return null;
    }

    private bool Bool(JsonElement e, string name, string path)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return false;
        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
        Error(path, "must be true or false");
        return false;
    }

    private void Error(string path, string reason)
    {
        if (!_errors.TryGetValue(path, out var list)) _errors[path] = list = [];
        list.Add(reason);
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
