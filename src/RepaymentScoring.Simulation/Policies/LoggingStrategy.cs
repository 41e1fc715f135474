using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Simulation.Policies;

/// <summary>
/// The historical strategy the simulated lender ran: DOMAIN.md's rules (stage-based channel, weekly
/// cadence, gentler in hardship), with a share of decisions drawn uniformly among the compliant
/// actions, and a no-contact control group. It records the probability of every logged action.
/// With a share of 1 and no control group it is the uniformly random policy.
/// </summary>
public sealed class LoggingStrategy(double randomizedShare, IReadOnlyList<string> channels, bool controlGroup = true) : IContactPolicy
{
    public const string Champion = "champion";
    public const string Explore = "explore";
    public const string Control = "control";

    private static readonly int[] Hours = Enumerable.Range(8, 13).ToArray();

    public IReadOnlyList<PolicyDecision?> Decide(IReadOnlyList<ReviewContext> reviews) => reviews.Select(Decide).ToArray();

    public PolicyDecision? Decide(ReviewContext review)
    {
        if (controlGroup && review.State.Customer.ControlGroup)
            return new PolicyDecision(ContactAction.Wait, 1.0, Control);
        if (Options(review) is not { } options)
            return null;
        ContactAction chosen;
        string strategy;
        if (review.Random.Chance(randomizedShare))
        {
            var pick = review.Random.Next(options.Open.Count + 1);
            chosen = pick == options.Open.Count
                ? ContactAction.Wait
                : new ContactAction(options.Open[pick], review.Random.Pick(ContactAction.Cadences), review.Random.Pick(options.Hours[options.Open[pick]]));
            strategy = Explore;
        }
        else
        {
            chosen = options.Champion;
            strategy = Champion;
        }
        return new PolicyDecision(chosen, options.Probability(chosen, randomizedShare), strategy);
    }

    /// <summary>
    /// P(action | review) under the whole strategy (rules with probability 1 - share, else the
    /// uniform draw); null when the account is not decided on today. Over all actions it sums to 1.
    /// </summary>
    public double? ProbabilityOf(ContactAction action, ReviewContext review) =>
        controlGroup && review.State.Customer.ControlGroup ? (action.IsWait ? 1 : 0) : Options(review)?.Probability(action, randomizedShare);

    /// <summary>What the strategy may choose at a review: the rules' action, and the channels and hours open to the random draw.</summary>
    private sealed record DecisionOptions(ContactAction Champion, List<string> Open, Dictionary<string, List<int>> Hours)
    {
        public double Probability(ContactAction a, double share)
        {
            // The random branch: a channel or waiting uniformly, then a cadence, then an allowed hour.
            var explore = a.IsWait ? 1.0 / (Open.Count + 1)
                : !Hours.TryGetValue(a.Channel, out var hours) || !hours.Contains(a.Hour) || !ContactAction.Cadences.Contains(a.CadenceDays) ? 0
                : 1.0 / (Open.Count + 1) / ContactAction.Cadences.Count / hours.Count;
            return share * explore + (a == Champion ? 1 - share : 0);
        }
    }

    private DecisionOptions? Options(ReviewContext review)
    {
        if (RulesAction(review) is not { } champion)
            return null;
        var hours = channels.ToDictionary(c => c, c => AllowedHours(review, c), StringComparer.Ordinal);
        return new DecisionOptions(champion, channels.Where(c => hours[c].Count > 0).ToList(), hours);
    }

    /// <summary>The rules baseline alone: DOMAIN.md's stage-based channel and weekly cadence, fortnightly and gentle in hardship.</summary>
    public static ContactAction? RulesAction(ReviewContext review)
    {
        foreach (var action in RulesBaseline.Preferences(review.Snapshot, review.State.Account.PreferredHours))
            if (review.IsAllowed(action))
                return action;
        return null;
    }

    private static List<int> AllowedHours(ReviewContext review, string channel)
    {
        var hours = new List<int>();
        if (channel == "letter")
        {
            // Letters have no hour rule; the lender posts them mid-morning.
            if (review.IsAllowed(new ContactAction(channel, 14, 10))) hours.Add(10);
            return hours;
        }
        foreach (var h in Hours)
            if (review.IsAllowed(new ContactAction(channel, 7, h)))
                hours.Add(h);
        return hours;
    }

    public static LoggingStrategy ForSettings(SimulationSettings settings, ChannelCatalog channels) =>
        new(settings.RandomizedShare, channels.ContactChannels);
}
