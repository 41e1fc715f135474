using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Simulation;
using RepaymentScoring.Simulation.Engine;

namespace RepaymentScoring.Validation;

/// <summary>A simulated portfolio held in memory: histories to train on and the simulator's truth to judge by.</summary>
public sealed class SimulatedPortfolio : ISimulationSink
{
    private readonly List<Account> _accounts = [];
    private readonly List<AccountSnapshot> _snapshots = [];
    private readonly List<Contact> _contacts = [];
    private readonly List<Payment> _payments = [];

    public List<DecisionTruth> Decisions { get; } = [];
    public List<SnapshotTruth> SnapshotTruths { get; } = [];
    public IReadOnlyList<AccountHistory> Histories { get; private set; } = [];
    public Dictionary<string, string> FeatureKinds { get; private set; } = [];

    public static SimulatedPortfolio Generate(SimulationSettings settings) => Run(new PortfolioSimulator(settings, computeTruth: true));

    /// <summary>Runs <paramref name="simulator"/> to its end; the simulator then still answers truth queries about the final state.</summary>
    public static SimulatedPortfolio Run(PortfolioSimulator simulator)
    {
        var portfolio = new SimulatedPortfolio();
        simulator.Run(portfolio);
        var snapshots = portfolio._snapshots.ToLookup(s => s.AccountId);
        var contacts = portfolio._contacts.ToLookup(c => c.AccountId);
        var payments = portfolio._payments.ToLookup(p => p.AccountId);
        portfolio.Histories = portfolio._accounts.OrderBy(a => a.AccountId, StringComparer.Ordinal).Select(a => new AccountHistory(a,
            snapshots[a.AccountId].OrderBy(s => s.AsOf).ToList(),
            contacts[a.AccountId].OrderBy(c => c.ContactedAt).ThenBy(c => c.ContactId, StringComparer.Ordinal).ToList(),
            payments[a.AccountId].OrderBy(p => p.PaidAt).ToList())).ToList();
        portfolio.FeatureKinds = Contract.Tables.FeatureKinds.Infer(portfolio._accounts, PortfolioSimulator.FeatureColumns);
        return portfolio;
    }

    public void Write(Account account) => _accounts.Add(account);
    public void Write(AccountSnapshot snapshot) => _snapshots.Add(snapshot);
    public void Write(Contact contact) => _contacts.Add(contact);
    public void Write(Payment payment) => _payments.Add(payment);
    public void Write(DecisionTruth truth) => Decisions.Add(truth);
    public void Write(SnapshotTruth truth) => SnapshotTruths.Add(truth);
}
