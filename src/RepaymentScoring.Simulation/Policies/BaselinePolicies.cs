using RepaymentScoring.Contract.Actions;

namespace RepaymentScoring.Simulation.Policies;

/// <summary>The policies a learned one is compared with in closed loop; neither keeps a control group.</summary>
public static class BaselinePolicies
{
    public const string Rules = "rules";
    public const string Random = "random";

    /// <summary>DOMAIN.md's rules baseline: stage-based channel, weekly cadence, gentler in hardship (<see cref="LoggingStrategy.RulesAction"/>).</summary>
    public static IContactPolicy RulesBaseline() => new RulesPolicy();

    /// <summary>Uniform among the compliant actions: a channel or waiting, then a cadence, then an allowed hour.</summary>
    public static IContactPolicy UniformRandom(IReadOnlyList<string> channels) => new LoggingStrategy(1.0, channels, controlGroup: false);

    private sealed class RulesPolicy : IContactPolicy
    {
        public IReadOnlyList<PolicyDecision?> Decide(IReadOnlyList<ReviewContext> reviews) =>
            reviews.Select(r => LoggingStrategy.RulesAction(r) is { } action ? new PolicyDecision(action, 1.0, Rules) : null).ToArray();
    }
}

/// <summary>
/// Caps another policy's new contact decisions per channel and day: past a channel's capacity the
/// decision becomes waiting, in the order the reviews come (account order). For policies that do not
/// plan the portfolio themselves.
/// </summary>
public sealed class CapacityCappedPolicy(IContactPolicy inner, IReadOnlyDictionary<string, int> capacity) : IContactPolicy
{
    public IReadOnlyList<PolicyDecision?> Decide(IReadOnlyList<ReviewContext> reviews)
    {
        var decisions = inner.Decide(reviews).ToArray();
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < decisions.Length; i++)
        {
            if (decisions[i] is not { Action.IsWait: false } d || !capacity.TryGetValue(d.Action.Channel, out var limit)) continue;
            var n = used.GetValueOrDefault(d.Action.Channel);
            if (n < limit) used[d.Action.Channel] = n + 1;
            else decisions[i] = d with { Action = ContactAction.Wait };
        }
        return decisions;
    }
}
