using System.Data.Common;
using Dapper;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Store.Connection;

namespace RepaymentScoring.Store.History;

/// <summary>Merges one ordered, unbuffered cursor per table into per-account histories.</summary>
internal sealed class HistoryStream(StoreDialect dialect)
{
    public IEnumerable<AccountHistory> Read()
    {
        // PostgreSQL sorts text by the database's collation; "C" makes it ordinal like SQLite and C#.
        var collate = dialect is PostgresDialect ? " COLLATE \"C\"" : "";
        using var accountsConnection = dialect.Open();
        using var featuresConnection = dialect.Open();
        using var snapshotsConnection = dialect.Open();
        using var contactsConnection = dialect.Open();
        using var paymentsConnection = dialect.Open();
        using var features = Cursor<FeatureRow>(featuresConnection, $"SELECT account_id, name, value FROM account_features ORDER BY account_id{collate}, name");
        using var snapshots = Cursor<SnapshotRow>(snapshotsConnection, $"SELECT * FROM account_snapshots ORDER BY account_id{collate}, as_of");
        using var contacts = Cursor<ContactRow>(contactsConnection, $"SELECT * FROM contacts ORDER BY account_id{collate}, contacted_at, contact_id{collate}");
        using var payments = Cursor<PaymentRow>(paymentsConnection, $"SELECT * FROM payments ORDER BY account_id{collate}, paid_at, payment_id{collate}");
        foreach (var row in accountsConnection.Query<AccountRow>($"SELECT * FROM accounts ORDER BY account_id{collate}", buffered: false))
        {
            var id = row.AccountId;
            var featureValues = features.TakeWhile(id, f => f.AccountId).ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);
            yield return new AccountHistory(
                row.ToAccount(featureValues),
                snapshots.TakeWhile(id, s => s.AccountId).Select(s => s.ToSnapshot()).ToList(),
                contacts.TakeWhile(id, c => c.AccountId).Select(c => c.ToContact()).ToList(),
                payments.TakeWhile(id, p => p.AccountId).Select(p => p.ToPayment()).ToList());
        }
    }

    private static PeekingCursor<T> Cursor<T>(DbConnection connection, string sql) =>
        new(connection.Query<T>(sql, buffered: false).GetEnumerator());

    /// <summary>An enumerator that can look at its next row without taking it.</summary>
    private sealed class PeekingCursor<T>(IEnumerator<T> rows) : IDisposable
    {
        private bool _hasCurrent = rows.MoveNext();

        /// <summary>Takes the rows of one account; rows of accounts sorted before it (orphans) are skipped.</summary>
        public List<T> TakeWhile(string accountId, Func<T, string> key)
        {
            var taken = new List<T>();
            while (_hasCurrent && string.CompareOrdinal(key(rows.Current), accountId) <= 0)
            {
                if (key(rows.Current) == accountId) taken.Add(rows.Current);
                _hasCurrent = rows.MoveNext();
            }
            return taken;
        }

        public void Dispose() => rows.Dispose();
    }
}
