using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Simulation.Policies;

/// <summary>
/// The historical strategy the simulated lender ran: DOMAIN.md's rules (stage-based channel, weekly
/// cadence, gentler in hardship), with a share of decisions drawn uniformly among the compliant
/// actions, and a no-contact control group. It records the probability of every logged action.
/// </summary>
public sealed class LoggingStrategy(double randomizedShare, IReadOnlyList<string> channels) : IContactPolicy
{
    public const string Champion = "champion";
    public const string Explore = "explore";
    public const string Control = "control";

    private static readonly int[] Hours = Enumerable.Range(8, 13).ToArray();

    public IReadOnlyList<PolicyDecision?> Decide(IReadOnlyList<ReviewContext> reviews) => reviews.Select(Decide).ToArray();

    public PolicyDecision? Decide(ReviewContext review)
    {
        if (review.State.Customer.ControlGroup)
            return new PolicyDecision(ContactAction.Wait, 1.0, Control);
        var champion = RulesAction(review);
        if (champion is null)
            return null;
        var allowedHours = channels.ToDictionary(c => c, c => AllowedHours(review, c), StringComparer.Ordinal);
        var open = channels.Where(c => allowedHours[c].Count > 0).ToList();
        double ExploreProbability(ContactAction a) => a.IsWait
            ? 1.0 / (open.Count + 1)
            : 1.0 / (open.Count + 1) / ContactAction.Cadences.Count / allowedHours[a.Channel].Count;

        ContactAction chosen;
        string strategy;
        if (review.Random.Chance(randomizedShare))
        {
            var pick = review.Random.Next(open.Count + 1);
            chosen = pick == open.Count
                ? ContactAction.Wait
                : new ContactAction(open[pick], review.Random.Pick(ContactAction.Cadences), review.Random.Pick(allowedHours[open[pick]]));
            strategy = Explore;
        }
        else
        {
            chosen = champion.Value;
            strategy = Champion;
        }
        var probability = randomizedShare * ExploreProbability(chosen) + (chosen == champion.Value ? 1 - randomizedShare : 0);
        return new PolicyDecision(chosen, probability, strategy);
    }

    /// <summary>The rules baseline alone: DOMAIN.md's stage-based channel and weekly cadence, fortnightly and gentle in hardship.</summary>
    public static ContactAction? RulesAction(ReviewContext review)
    {
        var s = review.Snapshot;
        var hour = review.State.Account.PreferredHours?.From ?? 0;
        ContactAction A(string channel, int cadence, int defaultHour) => new(channel, cadence, hour > 0 ? hour : defaultHour);
        IEnumerable<ContactAction> preferences =
            s.Hardship ? [A("email", 14, 10), A("sms", 14, 10), A("letter", 14, 10)]
            : s.LegalStatus == LegalStatuses.PreLegal ? [A("letter", 14, 10), A("phone", 7, 19)]
            : s.DaysPastDue < 30 ? [A("sms", 7, 10), A("email", 7, 10), A("letter", 14, 10)]
            : s.DaysPastDue <= 90 ? [A("phone", 7, 19), A("sms", 7, 10), A("letter", 14, 10)]
            : s.AmountDue > 2000 ? [A("visit", 30, 11), A("phone", 7, 19), A("letter", 14, 10)]
            : [A("phone", 7, 19), A("letter", 14, 10), A("sms", 7, 10)];
        foreach (var action in preferences)
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
