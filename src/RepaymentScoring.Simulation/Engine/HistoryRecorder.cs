using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Simulation.Engine;

/// <summary>
/// Keeps each simulated account's rows as the lender would have them, in time order, so a policy
/// that learns from history (or a test) can read an account's history at any point of the run.
/// </summary>
public sealed class HistoryRecorder : ISimulationSink
{
    private readonly Dictionary<string, Rows> _rows = new(StringComparer.Ordinal);
    private readonly List<Rows> _inOrder = [];

    private sealed class Rows(Account account)
    {
        public Account Account = account;
        public readonly List<AccountSnapshot> Snapshots = [];
        public readonly List<Contact> Contacts = [];
        public readonly List<Payment> Payments = [];
    }

    public void Write(Account account)
    {
        var rows = new Rows(account);
        _rows.Add(account.AccountId, rows);
        _inOrder.Add(rows);
    }

    public void Write(AccountSnapshot snapshot) => _rows[snapshot.AccountId].Snapshots.Add(snapshot);
    public void Write(Contact contact) => _rows[contact.AccountId].Contacts.Add(contact);
    public void Write(Payment payment) => _rows[payment.AccountId].Payments.Add(payment);

    /// <summary>
    /// An account's history now, with its current contract row (opt-outs included). The lists are
    /// live: read the history before the simulation moves on.
    /// </summary>
    public AccountHistory History(AccountState state)
    {
        var rows = _rows[state.Account.AccountId];
        rows.Account = state.Account;
        return new AccountHistory(rows.Account, rows.Snapshots, rows.Contacts, rows.Payments);
    }

    /// <summary>Every account's history in the order accounts were written, contacts ordered by time then id.</summary>
    public IReadOnlyList<AccountHistory> Histories() =>
        _inOrder.Select(r => new AccountHistory(r.Account,
            r.Snapshots.OrderBy(s => s.AsOf).ToList(),
            r.Contacts.OrderBy(c => c.ContactedAt).ThenBy(c => c.ContactId, StringComparer.Ordinal).ToList(),
            r.Payments.OrderBy(p => p.PaidAt).ToList())).ToList();
}
