using RepaymentScoring.Contract.Actions;

namespace RepaymentScoring.Simulation.Policies;

/// <summary>The policies a learned one is compared with in closed loop; neither keeps a control group.</summary>
public static class BaselinePolicies
{
    public const string Rules = "rules";
    public const string Random = "random";
    public const string Oracle = "oracle";

    /// <summary>DOMAIN.md's rules baseline: stage-based channel, weekly cadence, gentler in hardship (<see cref="LoggingStrategy.RulesAction"/>).</summary>
    public static IContactPolicy RulesBaseline() => new RulesPolicy();

    /// <summary>Uniform among the compliant actions: a channel or waiting, then a cadence, then an allowed hour.</summary>
    public static IContactPolicy UniformRandom(IReadOnlyList<string> channels) => new LoggingStrategy(1.0, channels, controlGroup: false);

    /// <summary>
    /// A ceiling, not a strategy: at each review, the compliant action with the best true net value over
    /// its week (true P(pay | action) - P(pay | wait), times the true expected recovery, minus the week's
    /// contact costs and the true expected complaints times <paramref name="complaintPenalty"/>), waiting
    /// when none is worth more. Myopic like the planner, but it reads the hidden customer: it shows how
    /// much any policy of this kind could gain.
    /// </summary>
    public static IContactPolicy TruthOracle(SimulationSettings settings, IReadOnlyList<string> channels, Contract.Channels.ChannelCatalog catalog,
        double complaintPenalty = 50) => new OraclePolicy(settings, channels, catalog, complaintPenalty);

    private sealed class OraclePolicy(SimulationSettings settings, IReadOnlyList<string> channels, Contract.Channels.ChannelCatalog catalog,
        double complaintPenalty) : IContactPolicy
    {
        private static readonly int[] Hours = Enumerable.Range(8, 13).ToArray();

        public IReadOnlyList<PolicyDecision?> Decide(IReadOnlyList<ReviewContext> reviews) => reviews.Select(Decide).ToArray();

        private PolicyDecision? Decide(ReviewContext review)
        {
            // Decides on the days the rules do (an account none of whose rules actions is allowed is asked
            // again tomorrow), so the two policies see the same reviews.
            if (LoggingStrategy.RulesAction(review) is null) return null;
            var s = review.State;
            var wait = Truth.ResponseTruth.PaymentProbability7d(s, settings, ContactAction.Wait, review.WaitMoment, review.Day);
            var full = 0.3 + 0.5 * s.Customer.Ability;
            var recovery = (double)s.AmountDue * (full + (1 - full) * 0.6);
            var best = ContactAction.Wait;
            var bestValue = 0.0;
            foreach (var channel in channels)
            {
                var cost = (double)(settings.ChannelCosts.TryGetValue(channel, out var c) ? c : 0m);
                foreach (var hour in channel == "letter" ? [10] : Hours)
                {
                    var probe = new ContactAction(channel, 7, hour);
                    if (!review.IsAllowed(probe)) continue;
                    foreach (var cadence in ContactAction.Cadences)
                    {
                        var action = probe with { CadenceDays = cadence };
                        var p = Truth.ResponseTruth.PaymentProbability7d(s, settings, action, review.FirstMomentAt(hour), review.Day);
                        var complaints = 0.0;
                        var history = s.SameChannelContacts(channel, review.FirstMomentAt(hour), TimeSpan.FromDays(7));
                        for (var k = 0; k < action.ContactsPerWeek; k++)
                            complaints += Truth.ResponseTruth.ComplaintChance(catalog.Get(channel).Kind, history + k + 1, s.InHardship(review.Day));
                        var value = (p - wait) * recovery - cost * action.ContactsPerWeek - complaints * complaintPenalty;
                        if (value > bestValue) (best, bestValue) = (action, value);
                    }
                }
            }
            return new PolicyDecision(best, 1.0, Oracle);
        }
    }

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
