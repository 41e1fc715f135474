using RepaymentScoring.Contract.Csv;

namespace RepaymentScoring.Store.Tests.History;

public abstract class HistoryBehaviour<TTarget> : StoreSuite<TTarget> where TTarget : StoreTarget, new()
{
    private ContractStore StoreWithSamples(out ContractDataSet data)
    {
        var store = MigratedStore();
        data = Read(StoreTarget.DataSamples, store);
        store.Import(data);
        return store;
    }

    [SkippableFact]
    public void Account_history_as_of_a_moment_holds_only_rows_known_before_it()
    {
        var store = StoreWithSamples(out var data);
        var busy = data.Contacts.GroupBy(c => c.Row.AccountId).OrderByDescending(g => g.Count()).First().Key;
        var contacts = data.Contacts.Where(c => c.Row.AccountId == busy).Select(c => c.Row).OrderBy(c => c.ContactedAt).ToList();
        var cut = contacts[contacts.Count / 2].ContactedAt;

        var history = store.ReadAccountHistory(busy, cut)!;
        Assert.Equal(contacts.Where(c => c.ContactedAt < cut), history.Contacts);
        Assert.All(history.Payments, p => Assert.True(p.PaidAt < cut));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(history.Account.TimeZone);
        Assert.All(history.Snapshots, s => Assert.True(Contract.Time.LocalDays.StartOf(s.AsOf, zone) <= cut));
        Assert.Equal(data.Snapshots.Count(s => s.Row.AccountId == busy && Contract.Time.LocalDays.StartOf(s.Row.AsOf, zone) <= cut), history.Snapshots.Count);
        Assert.Equal(data.Accounts.Single(a => a.Row.AccountId == busy).Row.Features, history.Account.Features);
        Assert.Null(store.ReadAccountHistory("nobody", cut));
    }

    [SkippableFact]
    public void Streaming_all_histories_yields_every_row_once_in_time_order()
    {
        var store = StoreWithSamples(out var data);
        long accounts = 0, snapshots = 0, contacts = 0, payments = 0;
        string? previous = null;
        foreach (var h in store.StreamHistories())
        {
            Assert.True(previous is null || string.CompareOrdinal(previous, h.Account.AccountId) < 0);
            previous = h.Account.AccountId;
            accounts++;
            snapshots += h.Snapshots.Count;
            contacts += h.Contacts.Count;
            payments += h.Payments.Count;
            Assert.All(h.Contacts, c => Assert.Equal(h.Account.AccountId, c.AccountId));
            Assert.Equal(h.Contacts.OrderBy(c => c.ContactedAt).ThenBy(c => c.ContactId, StringComparer.Ordinal), h.Contacts);
            Assert.Equal(h.Snapshots.OrderBy(s => s.AsOf), h.Snapshots);
            Assert.Equal(h.Payments.OrderBy(p => p.PaidAt), h.Payments);
        }
        Assert.Equal((data.Accounts.Count, data.Snapshots.Count, data.Contacts.Count, data.Payments.Count), ((int)accounts, (int)snapshots, (int)contacts, (int)payments));
    }
}

public sealed class SqliteHistoryTests : HistoryBehaviour<SqliteTarget>;
public sealed class PostgresHistoryTests : HistoryBehaviour<PostgresTarget>;
