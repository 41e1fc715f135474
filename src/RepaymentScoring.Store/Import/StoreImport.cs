using System.Data.Common;
using Dapper;
using RepaymentScoring.Contract.Csv;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Store.Connection;
using RepaymentScoring.Store.History;

namespace RepaymentScoring.Store.Import;

/// <summary>
/// One import, all or nothing: every check against stored rows runs before the first write, and all
/// writes share one transaction under the writer lock.
/// </summary>
internal sealed class StoreImport(StoreDialect dialect)
{
    private const int KeysPerQuery = 500;

    public ImportResult Run(ContractDataSet data, bool replace, IProgress<string>? progress)
    {
        using var connection = dialect.Open();
        using var tx = dialect.BeginExclusive(connection);
        var errors = new List<ContractError>();

        progress?.Report("comparing with stored rows");
        var accounts = Compare(data.Accounts, ContractFiles.Accounts, "account_id", a => a.AccountId, AccountsEqual, replace, errors,
            keys => LoadAccounts(connection, tx, keys, dialect));
        var snapshots = Compare(data.Snapshots, ContractFiles.Snapshots, "as_of", SnapshotKey, (a, b) => a == b, replace, errors,
            keys => LoadSnapshots(connection, tx, keys, dialect));
        var contacts = Compare(data.Contacts, ContractFiles.Contacts, "contact_id", c => c.ContactId, (a, b) => a == b, replace, errors,
            keys => connection.Query<ContactRow>($"SELECT * FROM contacts WHERE {dialect.InList("contact_id", "keys")}", new { keys }, tx).Select(r => r.ToContact()));
        var payments = Compare(data.Payments, ContractFiles.Payments, "payment_id", p => p.PaymentId, (a, b) => a == b, replace, errors,
            keys => connection.Query<PaymentRow>($"SELECT * FROM payments WHERE {dialect.InList("payment_id", "keys")}", new { keys }, tx).Select(r => r.ToPayment()));
        var newFeatureKinds = CheckFeatureKinds(connection, tx, data, errors);
        if (errors.Count > 0)
            throw new ContractViolationException(errors);

        progress?.Report("writing");
        connection.Execute("INSERT INTO feature_columns (name, kind) VALUES (@Name, @Kind)",
            newFeatureKinds.Select(k => new { Name = k.Key, Kind = k.Value }), tx);
        // Replaced rows are deleted and written again; children first so references hold.
        Delete(connection, tx, "account_features", "account_id", accounts.Replaced.Select(a => a.AccountId));
        DeleteSnapshots(connection, tx, snapshots.Replaced);
        Delete(connection, tx, "contacts", "contact_id", contacts.Replaced.Select(c => c.ContactId));
        Delete(connection, tx, "payments", "payment_id", payments.Replaced.Select(p => p.PaymentId));
        foreach (var a in accounts.Replaced)
            connection.Execute(
                "UPDATE accounts SET product = @product, opened_on = @openedOn, credit_limit = @creditLimit, original_principal = @principal, " +
                "customer_age = @age, region = @region, time_zone = @timeZone, opted_out = @optedOut, preferred_hours = @hours WHERE account_id = @id",
                new
                {
                    id = a.AccountId, product = a.Product, openedOn = dialect.Encode(ColumnType.Date, a.OpenedOn),
                    creditLimit = dialect.Encode(ColumnType.Decimal, a.CreditLimit), principal = dialect.Encode(ColumnType.Decimal, a.OriginalPrincipal),
                    age = a.CustomerAge, region = a.Region, timeZone = a.TimeZone, optedOut = string.Join(';', a.OptedOut), hours = a.PreferredHours?.ToString(),
                }, tx);

        dialect.BulkInsert(connection, tx, "accounts", StoreColumns.Accounts, accounts.Added);
        dialect.BulkInsert(connection, tx, "account_features", StoreColumns.Features,
            accounts.Added.Concat(accounts.Replaced).SelectMany(a => a.Features.Select(f => (a.AccountId, f.Key, f.Value))));
        dialect.BulkInsert(connection, tx, "account_snapshots", StoreColumns.Snapshots, snapshots.Added.Concat(snapshots.Replaced));
        dialect.BulkInsert(connection, tx, "contacts", StoreColumns.Contacts, contacts.Added.Concat(contacts.Replaced));
        dialect.BulkInsert(connection, tx, "payments", StoreColumns.Payments, payments.Added.Concat(payments.Replaced));
        tx.Commit();

        return new ImportResult(new Dictionary<string, TableImport>
        {
            ["accounts"] = accounts.Summary,
            ["account_snapshots"] = snapshots.Summary,
            ["contacts"] = contacts.Summary,
            ["payments"] = payments.Summary,
        });
    }

    private sealed record Partition<T>(List<T> Added, List<T> Replaced, long Unchanged)
    {
        public TableImport Summary => new(Added.Count, Replaced.Count, Unchanged);
    }

    /// <summary>Splits incoming rows into new, changed (replace or conflict) and already stored.</summary>
    private static Partition<T> Compare<T>(List<SourceRow<T>> incoming, string file, string keyColumn, Func<T, string> key,
        Func<T, T, bool> equal, bool replace, List<ContractError> errors, Func<List<string>, IEnumerable<T>> loadStored)
    {
        var added = new List<T>();
        var replaced = new List<T>();
        long unchanged = 0;
        foreach (var chunk in incoming.Chunk(KeysPerQuery))
        {
            var stored = loadStored(chunk.Select(r => key(r.Row)).ToList()).ToDictionary(key, StringComparer.Ordinal);
            foreach (var (row, line) in chunk)
            {
                if (!stored.TryGetValue(key(row), out var existing)) added.Add(row);
                else if (equal(existing, row)) unchanged++;
                else if (replace) replaced.Add(row);
                else errors.Add(new ContractError(file, line, keyColumn, "differs from the stored row with the same id (use --replace to overwrite it)"));
            }
        }
        return new(added, replaced, unchanged);
    }

    private static IEnumerable<Account> LoadAccounts(DbConnection c, DbTransaction tx, List<string> keys, StoreDialect dialect)
    {
        var features = c.Query<FeatureRow>($"SELECT account_id, name, value FROM account_features WHERE {dialect.InList("account_id", "keys")}", new { keys }, tx)
            .GroupBy(f => f.AccountId)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, string>)g.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal));
        return c.Query<AccountRow>($"SELECT * FROM accounts WHERE {dialect.InList("account_id", "keys")}", new { keys }, tx)
            .Select(r => r.ToAccount(features.GetValueOrDefault(r.AccountId) ?? new Dictionary<string, string>()));
    }

    private static string SnapshotKey(AccountSnapshot s) => $"{s.AccountId}|{ContractFormat.Format(s.AsOf)}";

    private static IEnumerable<AccountSnapshot> LoadSnapshots(DbConnection c, DbTransaction tx, List<string> keys, StoreDialect dialect)
    {
        var wanted = keys.ToHashSet(StringComparer.Ordinal);
        var accountIds = keys.Select(k => k[..k.LastIndexOf('|')]).Distinct().ToList();
        return c.Query<SnapshotRow>($"SELECT * FROM account_snapshots WHERE {dialect.InList("account_id", "accountIds")}", new { accountIds }, tx)
            .Select(r => r.ToSnapshot())
            .Where(s => wanted.Contains(SnapshotKey(s)));
    }

    private static bool AccountsEqual(Account a, Account b) =>
        a with { OptedOut = NoChannels, Features = EmptyFeatures } == b with { OptedOut = NoChannels, Features = EmptyFeatures }
        && a.OptedOut.ToHashSet().SetEquals(b.OptedOut)
        && a.Features.Count == b.Features.Count
        && a.Features.All(f => b.Features.TryGetValue(f.Key, out var v) && v == f.Value);

    private static readonly IReadOnlyDictionary<string, string> EmptyFeatures = new Dictionary<string, string>();
    private static readonly IReadOnlyList<string> NoChannels = Array.Empty<string>();

    /// <summary>
    /// A feature column's kind is fixed by its first import: numeric when every non-empty value is a
    /// number. Later values that do not fit a numeric column are errors.
    /// </summary>
    private static Dictionary<string, string> CheckFeatureKinds(DbConnection c, DbTransaction tx, ContractDataSet data, List<ContractError> errors)
    {
        var known = c.Query<(string Name, string Kind)>("SELECT name, kind FROM feature_columns", transaction: tx)
            .ToDictionary(r => r.Name, r => r.Kind, StringComparer.Ordinal);
        var fresh = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in data.FeatureColumns)
        {
            if (known.TryGetValue(column, out var kind))
            {
                if (kind != FeatureKinds.Numeric) continue;
                foreach (var (account, line) in data.Accounts)
                    if (account.Features.TryGetValue(column, out var v) && !ContractFormat.IsNumber(v))
                        errors.Add(new ContractError(ContractFiles.Accounts, line, column, $"'{v}' is not a number, and this feature column is numeric since its first import"));
            }
            else
            {
                fresh[column] = FeatureKinds.Infer(data.Accounts.Select(a => a.Row), column);
            }
        }
        return fresh;
    }

    private void Delete(DbConnection c, DbTransaction tx, string table, string keyColumn, IEnumerable<string> keys)
    {
        foreach (var chunk in keys.Chunk(KeysPerQuery))
            c.Execute($"DELETE FROM {table} WHERE {dialect.InList(keyColumn, "chunk")}", new { chunk }, tx);
    }

    private void DeleteSnapshots(DbConnection c, DbTransaction tx, List<AccountSnapshot> replaced)
    {
        foreach (var s in replaced)
            c.Execute("DELETE FROM account_snapshots WHERE account_id = @AccountId AND as_of = @asOf",
                new { s.AccountId, asOf = dialect.Encode(ColumnType.Date, s.AsOf) }, tx);
    }
}
