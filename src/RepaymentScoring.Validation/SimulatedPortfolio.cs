using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Simulation;
using RepaymentScoring.Simulation.Engine;

namespace RepaymentScoring.Validation;

/// <summary>A simulated portfolio held in memory: histories to train on and the simulator's truth to judge by.</summary>
public sealed class SimulatedPortfolio : ISimulationSink
{
    private readonly HistoryRecorder _recorder = new();

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
        portfolio.Histories = portfolio._recorder.Histories().OrderBy(h => h.Account.AccountId, StringComparer.Ordinal).ToList();
        portfolio.FeatureKinds = Contract.Tables.FeatureKinds.Infer(portfolio.Histories.Select(h => h.Account).ToList(), PortfolioSimulator.FeatureColumns);
        return portfolio;
    }

    public void Write(Account account) => _recorder.Write(account);
    public void Write(AccountSnapshot snapshot) => _recorder.Write(snapshot);
    public void Write(Contact contact) => _recorder.Write(contact);
    public void Write(Payment payment) => _recorder.Write(payment);
    public void Write(DecisionTruth truth) => Decisions.Add(truth);
    public void Write(SnapshotTruth truth) => SnapshotTruths.Add(truth);
}
