using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Contract.Time;
using RepaymentScoring.Simulation.Engine;

namespace RepaymentScoring.Simulation.Policies;

/// <summary>A decision: the action, the probability the policy chose it with, and the policy's label.</summary>
public sealed record PolicyDecision(ContactAction Action, double TreatmentProbability, string Strategy);

/// <summary>
/// An account due for a decision on simulation day <see cref="Day"/>. The first contact happens at
/// <see cref="FirstMomentAt"/> of the action's hour: that day or the next, never before
/// <see cref="Earliest"/> (the end of the previous decision's week).
/// </summary>
public sealed class ReviewContext
{
    internal ReviewContext(AccountState state, int day, DateOnly date, DateTimeOffset earliest, ComplianceRules rules, SimRandom random)
    {
        State = state;
        Day = day;
        Date = date;
        Earliest = earliest;
        Rules = rules;
        Random = random;
        Snapshot = state.SnapshotAt(day, date);
    }

    public AccountState State { get; }
    public int Day { get; }
    public DateOnly Date { get; }
    public DateTimeOffset Earliest { get; }
    public ComplianceRules Rules { get; }
    /// <summary>The account's own random stream: a policy that randomises draws from it, so runs repeat.</summary>
    public SimRandom Random { get; }
    /// <summary>The account's state at the start of the day, as the lender sees it.</summary>
    public Contract.Tables.AccountSnapshot Snapshot { get; }

    public DateTimeOffset FirstMomentAt(int hour)
    {
        var at = LocalDays.At(Date, hour, State.Customer.Zone);
        return at >= Earliest ? at : LocalDays.At(Date.AddDays(1), hour, State.Customer.Zone) is var next && next >= Earliest ? next : Earliest;
    }

    /// <summary>When a decision to wait is logged: mid-morning, or the end of the previous week if later.</summary>
    public DateTimeOffset WaitMoment => FirstMomentAt(9);

    public ContactContext ComplianceContext() => new(State.Account, State.Customer.Zone, Snapshot, State.Recent);

    /// <summary>True when the rules allow the action's first contact.</summary>
    public bool IsAllowed(ContactAction action) =>
        action.IsWait || Rules.IsAllowed(ComplianceContext(), action.Channel, FirstMomentAt(action.Hour));
}

/// <summary>
/// Drives the simulator: called once a simulated day with every account due for a decision, so a
/// policy can plan the portfolio as a whole (capacity, budget). Null means "no decision today"
/// (nothing is logged; the account is asked again tomorrow).
/// </summary>
public interface IContactPolicy
{
    IReadOnlyList<PolicyDecision?> Decide(IReadOnlyList<ReviewContext> reviews);
}
