using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Csv;

namespace RepaymentScoring.Store.History;

/// <summary>
/// Where training and scoring read history from (<c>--from</c>): a folder of contract CSV files
/// (validated in full first, so broken rows stop the run before anything is written) or a store.
/// </summary>
public static class HistorySource
{
    public static HistoryData Read(string from, ChannelCatalog? channels = null, IProgress<long>? rowsRead = null)
    {
        if (Directory.Exists(from))
        {
            var data = new ContractCsvReader(channels ?? ChannelCatalog.Default).ReadFolder(from, rowsRead: rowsRead);
            return new HistoryData(FromCsv(data), FeatureKinds.Infer(data.Accounts.Select(a => a.Row).ToList(), data.FeatureColumns),
                $"csv:{from.TrimEnd('/')}");
        }
        if (!LooksLikeStore(from))
            throw new ArgumentException($"--from '{from}' is neither a folder of contract CSV files, a SQLite file, nor a PostgreSQL connection string.");
        var store = ContractStore.Open(from);
        if (store.SchemaVersion() == 0)
            throw new ArgumentException($"{store.Location.Describe()} has no tables yet: run 'repay import' first.");
        return new HistoryData(store.StreamHistories(), store.FeatureKinds(), store.Location.Describe());
    }

    private static bool LooksLikeStore(string from) =>
        File.Exists(from) || from.Contains('=', StringComparison.Ordinal) || from.StartsWith("postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>Groups a validated file set into per-account histories, in ordinal account order, each table in time order.</summary>
    public static IEnumerable<AccountHistory> FromCsv(ContractDataSet data)
    {
        var snapshots = data.Snapshots.Select(s => s.Row).ToLookup(s => s.AccountId);
        var contacts = data.Contacts.Select(c => c.Row).ToLookup(c => c.AccountId);
        var payments = data.Payments.Select(p => p.Row).ToLookup(p => p.AccountId);
        foreach (var account in data.Accounts.Select(a => a.Row).OrderBy(a => a.AccountId, StringComparer.Ordinal))
            yield return new AccountHistory(
                account,
                snapshots[account.AccountId].OrderBy(s => s.AsOf).ToList(),
                contacts[account.AccountId].OrderBy(c => c.ContactedAt).ThenBy(c => c.ContactId, StringComparer.Ordinal).ToList(),
                payments[account.AccountId].OrderBy(p => p.PaidAt).ThenBy(p => p.PaymentId, StringComparer.Ordinal).ToList());
    }
}

/// <summary>Histories, account by account, with the kinds of the extra account columns and where they came from (no secrets).</summary>
public sealed record HistoryData(IEnumerable<AccountHistory> Histories, IReadOnlyDictionary<string, string> FeatureKinds, string Description);
