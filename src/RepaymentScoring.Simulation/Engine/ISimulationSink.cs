using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Simulation.Engine;

/// <summary>The truth behind one logged decision: P(qualifying payment within 7 days) under its action and under waiting.</summary>
public sealed record DecisionTruth(string ContactId, string AccountId, DateTimeOffset DecidedAt, ContactAction Action,
    double PaymentProbability7d, double PaymentProbability7dIfWaiting, decimal AmountDue);

/// <summary>The true probability that a snapshot's 30-day repayment label is positive under the logging strategy.</summary>
public sealed record SnapshotTruth(string AccountId, DateOnly AsOf, double RepaymentProbability30d);

/// <summary>Where the simulator's rows go, in time order per account.</summary>
public interface ISimulationSink
{
    void Write(Account account);
    void Write(AccountSnapshot snapshot);
    void Write(Contact contact);
    void Write(Payment payment);
    void Write(DecisionTruth truth) { }
    void Write(SnapshotTruth truth) { }
}
