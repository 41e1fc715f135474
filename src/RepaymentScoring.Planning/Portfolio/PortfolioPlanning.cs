using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Features;

namespace RepaymentScoring.Planning.Portfolio;

/// <summary>A portfolio plan's totals: what the limits allow against what the unconstrained plan would do.</summary>
public sealed record PortfolioSummary(int Accounts, PortfolioLimits Limits, PortfolioAllocation Allocation, PortfolioAllocation Unconstrained)
{
    public double Value => Allocation.Value;
    /// <summary>Value given up to the limits: the unconstrained plan's value minus this plan's.</summary>
    public double CostOfLimits => Unconstrained.Value - Allocation.Value;
}

/// <summary>
/// Plans a portfolio under a day's capacities and budget: every account in collection is planned,
/// its allowed actions become options (the best hour of each channel and cadence with a positive
/// value), <see cref="PortfolioAllocator"/> picks one per account, and each account's plan is then
/// made for that action (reasons included). Portfolio plans do not explore: every action is chosen
/// with probability 1.
/// </summary>
public static class PortfolioPlanning
{
    /// <summary>The options a plan offers to a portfolio: per channel and cadence, its best-valued hour, when worth more than waiting.</summary>
    public static IReadOnlyList<PortfolioOption> OptionsOf(Plan plan, PlanningOptions options) =>
        plan.Alternatives
            .Where(a => !a.Action.IsWait && a.Value > 0)
            .GroupBy(a => (a.Action.Channel, a.Action.CadenceDays))
            .Select(g => g.MaxBy(a => a.Value)!)
            .Select(a => new PortfolioOption(a.Action, a.FirstContactAt, a.Value,
                (double)options.ChannelCosts.GetValueOrDefault(a.Action.Channel) * a.Action.ContactsPerWeek))
            .ToList();

    /// <summary>
    /// Plans <paramref name="histories"/> (accounts not in collection are skipped) on
    /// <paramref name="threads"/> threads (every core by default; the result is the same for any
    /// count) and hands each final plan to <paramref name="write"/>, in the order of the histories.
    /// </summary>
    public static PortfolioSummary Run(IEnumerable<AccountHistory> histories, DateTimeOffset at, Planner planner, PlanningOptions options,
        PortfolioLimits limits, Action<Plan> write, IProgress<int>? planned = null, int? threads = null, IPlanRecorder? recorder = null)
    {
        if (!planner.ValuesActions)
            throw new InvalidOperationException($"Version {planner.ModelVersion} has no response model (it was trained on a history without contacts): a portfolio plan needs actions valued; 'repay score' plans such a version by the rules.");
        var degree = threads ?? OrderedParallel.DefaultThreads;
        // A portfolio plan chooses within the limits and never explores: with exploration on, the
        // options would hold whatever an exploration draw added.
        var champion = planner.WithoutExploration();
        // One timeline per account, for the check and both plans.
        var inCollection = histories.Select(h => new AccountTimeline(h)).Where(t => BatchScoring.InCollection(t, at)).ToList();
        var choices = new List<IReadOnlyList<PortfolioOption>>(inCollection.Count);
        foreach (var option in OrderedParallel.Map(inCollection, h => OptionsOf(champion.PlanChampion(h, at, reasons: ReasonsMethod.None), options), degree))
        {
            choices.Add(option);
            if (choices.Count % 1000 == 0) planned?.Report(choices.Count);
        }
        var unconstrained = PortfolioAllocator.Allocate(choices, PortfolioLimits.Unlimited);
        var allocation = limits.IsUnlimited ? unconstrained : PortfolioAllocator.Allocate(choices, limits);
        var written = 0;
        var final = OrderedParallel.Map(Enumerable.Range(0, inCollection.Count), i =>
        {
            var k = allocation.Chosen[i];
            var action = k < 0 ? Contract.Actions.ContactAction.Wait : choices[i][k].Action;
            return champion.PlanChampion(inCollection[i], at, prescribed: action);
        }, degree);
        var index = 0;
        foreach (var plan in final)
        {
            write(plan);
            recorder?.Record(plan, inCollection[index].History.Account, choices[index]);
            index++;
            if ((choices.Count + ++written) % 1000 == 0) planned?.Report(choices.Count + written);
        }
        return new PortfolioSummary(inCollection.Count, limits, allocation, unconstrained);
    }
}
