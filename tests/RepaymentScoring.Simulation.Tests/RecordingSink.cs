using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Simulation.Engine;

namespace RepaymentScoring.Simulation.Tests;

/// <summary>Keeps every row the simulator writes, for assertions.</summary>
internal sealed class RecordingSink : ISimulationSink
{
    public List<Account> Accounts { get; } = [];
    public List<AccountSnapshot> Snapshots { get; } = [];
    public List<Contact> Contacts { get; } = [];
    public List<Payment> Payments { get; } = [];
    public List<DecisionTruth> Decisions { get; } = [];
    public List<SnapshotTruth> SnapshotTruths { get; } = [];

    public void Write(Account account) => Accounts.Add(account);
    public void Write(AccountSnapshot snapshot) => Snapshots.Add(snapshot);
    public void Write(Contact contact) => Contacts.Add(contact);
    public void Write(Payment payment) => Payments.Add(payment);
    public void Write(DecisionTruth truth) => Decisions.Add(truth);
    public void Write(SnapshotTruth truth) => SnapshotTruths.Add(truth);

    public static RecordingSink Simulate(SimulationSettings settings, bool truth = true)
    {
        var sink = new RecordingSink();
        new PortfolioSimulator(settings, computeTruth: truth).Run(sink);
        return sink;
    }
}
