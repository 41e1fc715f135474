using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Features;
using RepaymentScoring.Planning;
using RepaymentScoring.Planning.Portfolio;
using RepaymentScoring.Simulation.Engine;
using RepaymentScoring.Simulation.Policies;

namespace RepaymentScoring.ClosedLoop;

/// <summary>
/// The planner as a simulated lender's policy: each account due for a decision is planned from its
/// history so far (what the simulator has written) plus its state at the review, the way a
/// nightly batch sees the lender's data. With limits, the day's plans go through the portfolio
/// allocator and take the actions it assigns.
/// </summary>
public sealed class LearnedPolicy(Planner planner, PlanningOptions options, HistoryRecorder histories, PortfolioLimits limits, ulong seed)
    : IContactPolicy
{
    public const string Name = "learned";

    private readonly Planner _champion = planner.WithoutExploration();

    public IReadOnlyList<PolicyDecision?> Decide(IReadOnlyList<ReviewContext> reviews)
    {
        // One account per review, each plan on its own history and random stream: planned on every
        // core, in review order, with the same decisions as one by one.
        if (limits.IsUnlimited)
            return OrderedParallel.Map(reviews, r => planner.Plan(HistoryAt(r), r.Earliest,
                    BatchScoring.RandomFor(seed, r.State.Account.AccountId, r.Earliest), reasons: ReasonsMethod.None), OrderedParallel.DefaultThreads)
                .Select(p => (PolicyDecision?)new PolicyDecision(p.Action, p.TreatmentProbability, p.Strategy)).ToArray();
        // Under limits the day is a portfolio plan, which chooses and never explores (as repay plan).
        var plans = OrderedParallel.Map(reviews, r => _champion.PlanChampion(new AccountTimeline(HistoryAt(r)), r.Earliest, reasons: ReasonsMethod.None),
            OrderedParallel.DefaultThreads).ToList();
        var choices = plans.Select(p => PortfolioPlanning.OptionsOf(p, options)).ToList();
        var allocation = PortfolioAllocator.Allocate(choices, limits);
        return allocation.Chosen
            .Select((k, i) => (PolicyDecision?)new PolicyDecision(k < 0 ? ContactAction.Wait : choices[i][k].Action, 1.0, Plan.Champion))
            .ToArray();
    }

    /// <summary>
    /// The history so far, with the account's state at the review as the latest snapshot: a snapshot
    /// written earlier the same day can be stale (a payment in the night lowers the DPD), and a
    /// plan must obey the rules on the state the simulator checks.
    /// </summary>
    private AccountHistory HistoryAt(ReviewContext review)
    {
        var history = histories.History(review.State);
        var earlier = history.Snapshots.Count > 0 && history.Snapshots[^1].AsOf >= review.Snapshot.AsOf
            ? history.Snapshots.Take(history.Snapshots.Count - 1)
            : history.Snapshots;
        return history with { Snapshots = [.. earlier, review.Snapshot] };
    }
}
