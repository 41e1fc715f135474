using System.Buffers;
using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Features;
using RepaymentScoring.Models;
using RepaymentScoring.Models.Registry;

namespace RepaymentScoring.Planning;

/// <summary>An action to value: the features the response model reads for it, and its first contact.</summary>
public readonly record struct Candidate(ContactAction Action, ActionFeatures Features, DateTimeOffset FirstContactAt);

/// <summary>
/// Valued candidates, in the order given and best first, with the response rows they were valued on
/// (pooled: <see cref="Dispose"/> returns them, once the chosen row's reasons are read).
/// </summary>
public sealed class ValuedActions : IDisposable
{
    private readonly float[] _block;
    private readonly int[] _rowOf;
    private readonly int _width;

    internal ValuedActions(List<ScoredAction> scored, List<ScoredAction> ranked, float[] block, int[] rowOf, int width) =>
        (Scored, Ranked, _block, _rowOf, _width) = (scored, ranked, block, rowOf, width);

    /// <summary>One per candidate, in the candidates' order.</summary>
    public List<ScoredAction> Scored { get; }

    /// <summary>The same, best first (<see cref="ActionValuation.BestFirst"/>).</summary>
    public List<ScoredAction> Ranked { get; }

    /// <summary>The response row candidate <paramref name="index"/> was valued on, its action_reach filled.</summary>
    public ReadOnlySpan<float> RowOf(int index) => _block.AsSpan(_rowOf[index] * _width, _width);

    public void Dispose() => ArrayPool<float>.Shared.Return(_block);
}

/// <summary>
/// Values and chooses: value = uplift x expected recovery - contact costs - expected complaints x
/// penalty, where uplift is the action's 7-day response probability minus waiting's; waiting is worth
/// 0. The best by value is chosen, or (with the exploration rate) an allowed action drawn uniformly, or
/// the action a portfolio plan prescribes.
/// </summary>
public sealed class ActionValuation(TrainedModels models, PlanningPriors priors, PlanningOptions options)
{
    /// <summary>
    /// Values <paramref name="candidates"/> (waiting among them) on the account's state row
    /// <paramref name="state"/>; <paramref name="amountDue"/> sets the expected recovery.
    /// </summary>
    public ValuedActions Value(float[] state, IReadOnlyList<Candidate> candidates, decimal amountDue)
    {
        var builder = models.Builder;
        var width = builder.ResponseWidth;
        // Cadences of a week or more share the same features (one contact, the same intensity): each
        // distinct (channel, intensity, hour) row is scored once.
        var rowOf = new int[candidates.Count];
        var distinct = new Dictionary<ActionFeatures, int>();
        for (var k = 0; k < candidates.Count; k++)
        {
            if (!distinct.TryGetValue(candidates[k].Features, out var r)) distinct[candidates[k].Features] = r = distinct.Count;
            rowOf[k] = r;
        }
        var block = ArrayPool<float>.Shared.Rent(distinct.Count * width); // every row written below
        foreach (var (action, r) in distinct)
        {
            var row = block.AsSpan(r * width, width);
            state.AsSpan(0, width).CopyTo(row);
            builder.WriteAction(action, row[builder.StateWidth..]);
        }
        var predicted = models.PredictResponseFilling(block, distinct.Count, sharedState: true);
        var pWait = (double)predicted[distinct[ActionFeatures.Wait]];
        var recovery = priors.RecoveryShare * (double)amountDue;
        var scored = new List<ScoredAction>(candidates.Count);
        for (var k = 0; k < candidates.Count; k++)
        {
            var c = candidates[k];
            var p = (double)predicted[rowOf[k]];
            if (c.Action.IsWait)
            {
                scored.Add(new ScoredAction(c.Action, c.FirstContactAt, p, 0, 0));
                continue;
            }
            var n = c.Action.ContactsPerWeek;
            var cost = (double)(options.ChannelCosts.TryGetValue(c.Action.Channel, out var unit) ? unit : 0m) * n;
            var complaints = priors.Complaint(c.Action.Channel, c.Features.Intensity) * n * (double)options.ComplaintPenalty;
            var uplift = p - pWait;
            scored.Add(new ScoredAction(c.Action, c.FirstContactAt, p, uplift, uplift * recovery - cost - complaints));
        }
        var ranked = new List<ScoredAction>(scored);
        ranked.Sort(BestFirst);
        return new ValuedActions(scored, ranked, block, rowOf, width);
    }

    /// <summary>
    /// The chosen action and the probability the policy gave it: the prescribed action with
    /// probability 1; else the drawn one when exploring; else the best. <paramref name="allowedCount"/>
    /// is the number of allowed actions besides waiting, which exploration draws among (with waiting).
    /// </summary>
    public (ScoredAction Chosen, double Probability) Choose(ValuedActions valued, ContactAction? prescribed, ContactAction? drawn, int allowedCount)
    {
        var best = valued.Ranked[0];
        var chosen = prescribed is { } wanted ? valued.Scored.Find(s => s.Action == wanted)!
            : drawn is { } explored ? valued.Scored.Find(s => s.Action == explored)!
            : best;
        var probability = prescribed is not null ? 1
            : options.ExplorationRate / (allowedCount + 1) + (chosen == best ? 1 - options.ExplorationRate : 0);
        return (chosen, probability);
    }

    /// <summary>
    /// Best value first. Cadences of a week or more make one contact in the valued week, so they tie;
    /// the shortest of them is taken (weekly: the plan is made again within the week, and a longer
    /// cadence would promise a silence its value never measured). Other ties go by the action's text.
    /// </summary>
    public static int BestFirst(ScoredAction a, ScoredAction b)
    {
        var byValue = b.Value.CompareTo(a.Value);
        if (byValue != 0 || ReferenceEquals(a, b)) return byValue;
        if (a.Action.Channel == b.Action.Channel && a.Action.Hour == b.Action.Hour && a.Action.CadenceDays != b.Action.CadenceDays)
            return a.Action.CadenceDays.CompareTo(b.Action.CadenceDays);
        return ContactAction.CompareText(a.Action, b.Action);
    }
}
