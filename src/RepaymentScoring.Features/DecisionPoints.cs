using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Features;

/// <summary>A snapshot as a propensity decision point, with its label (DATA-CONTRACT.md, Labels).</summary>
public readonly record struct PropensityPoint(int SnapshotIndex, DateTimeOffset At, bool Label, decimal Recovered);

/// <summary>A logged contact (or wait) as a response decision point, with its label and its logging probability.</summary>
public readonly record struct ResponsePoint(int ContactIndex, DateTimeOffset At, ActionFeatures Action, bool Label, decimal Recovered, decimal AmountDue);

/// <summary>A call or visit whose outcome says whether it was answered: a row of the reach model.</summary>
public readonly record struct ReachPoint(int ContactIndex, DateTimeOffset At, ActionFeatures Action, bool Answered);

/// <summary>Decision points dropped, by reason; the manifest records them.</summary>
public sealed class DropCounts
{
    public long Censored { get; set; }
    public long NoEarlierSnapshot { get; set; }
    public long NoAmountDue { get; set; }
    public long UnknownChannel { get; set; }
    public long FollowUp { get; set; }

    public Dictionary<string, long> ToDictionary() => new()
    {
        ["censored"] = Censored, ["no_earlier_snapshot"] = NoEarlierSnapshot, ["no_amount_due"] = NoAmountDue, ["unknown_channel"] = UnknownChannel, ["follow_up_contact"] = FollowUp,
    };
}

/// <summary>Enumerates an account's labelled decision points; unlabeled ones are counted, not returned.</summary>
public static class DecisionPoints
{
    /// <summary>
    /// Every contact (a decision's first or a follow-up) whose outcome tells whether it was answered
    /// (<paramref name="answered"/> returns null otherwise), with a snapshot before it: whether a call
    /// is answered is known at once, so follow-ups count and nothing is censored.
    /// </summary>
    public static IEnumerable<ReachPoint> Reach(AccountTimeline t, IReadOnlyList<string> channels, Func<string, bool?> answered)
    {
        var contacts = t.History.Contacts;
        for (var i = 0; i < contacts.Count; i++)
        {
            var c = contacts[i];
            if (answered(c.Outcome) is not { } yes || !channels.Contains(c.Channel) || t.LatestSnapshotAt(c.ContactedAt) < 0) continue;
            var history = FeatureBuilder.SameChannelLast7Days(t, c.Channel, c.ContactedAt);
            yield return new ReachPoint(i, c.ContactedAt, new ActionFeatures(c.Channel, history + 1, t.LocalHour(c.ContactedAt)), yes);
        }
    }

    /// <summary>The moment the data ends: the latest contact or payment, or the start of the day after the latest snapshot (UTC) if later.</summary>
    public static DateTimeOffset DataEnd(IEnumerable<AccountHistory> histories)
    {
        var end = DateTimeOffset.MinValue;
        foreach (var h in histories)
        {
            if (h.Contacts.Count > 0 && h.Contacts[^1].ContactedAt > end) end = h.Contacts[^1].ContactedAt;
            if (h.Payments.Count > 0 && h.Payments[^1].PaidAt > end) end = h.Payments[^1].PaidAt;
            if (h.Snapshots.Count > 0)
            {
                var dayAfter = new DateTimeOffset(h.Snapshots[^1].AsOf.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                if (dayAfter > end) end = dayAfter;
            }
        }
        return end;
    }

    public static IEnumerable<PropensityPoint> Propensity(AccountTimeline t, DateTimeOffset dataEnd, LabelSettings labels, DropCounts drops)
    {
        var snapshots = t.History.Snapshots;
        for (var i = 0; i < snapshots.Count; i++)
        {
            var s = snapshots[i];
            if (s.AmountDue <= 0) continue; // not in collection: not a decision point at all
            var start = t.SnapshotStarts[i];
            var end = start.AddDays(labels.PropensityDays);
            if (end > dataEnd)
            {
                drops.Censored++;
                continue;
            }
            var paid = t.PaidBetween(start, end, openStart: false);
            yield return new PropensityPoint(i, start, paid >= labels.QualifyingShare * s.AmountDue, Math.Min(paid, s.Balance));
        }
    }

    public static IEnumerable<ResponsePoint> Response(AccountTimeline t, DateTimeOffset dataEnd, LabelSettings labels, DropCounts drops, IReadOnlyList<string> channels)
    {
        var contacts = t.History.Contacts;
        var starts = DecisionStarts(contacts);
        for (var i = 0; i < contacts.Count; i++)
        {
            var c = contacts[i];
            if (c.Channel != "none" && !channels.Contains(c.Channel))
            {
                drops.UnknownChannel++;
                continue;
            }
            if (!starts[i])
            {
                drops.FollowUp++;
                continue;
            }
            var si = t.LatestSnapshotAt(c.ContactedAt);
            if (si < 0)
            {
                drops.NoEarlierSnapshot++;
                continue;
            }
            var s = t.History.Snapshots[si];
            if (s.AmountDue <= 0)
            {
                drops.NoAmountDue++;
                continue;
            }
            var end = c.ContactedAt.AddDays(labels.ResponseDays);
            if (end > dataEnd)
            {
                drops.Censored++;
                continue;
            }
            var history = c.Channel == "none" ? 0 : FeatureBuilder.SameChannelLast7Days(t, c.Channel, c.ContactedAt);
            var action = c.Channel == "none" ? ActionFeatures.Wait
                : c.CadenceDays is { } cadence ? ActionFeatures.Planned(new Contract.Actions.ContactAction(c.Channel, cadence, t.LocalHour(c.ContactedAt)), history)
                : new ActionFeatures(c.Channel, history + 1, t.LocalHour(c.ContactedAt));
            var paid = t.PaidBetween(c.ContactedAt, end, openStart: true);
            yield return new ResponsePoint(i, c.ContactedAt, action, paid >= labels.QualifyingShare * s.AmountDue, Math.Min(paid, s.Balance), s.AmountDue);
        }
    }

    /// <summary>
    /// Which contacts start a decision. Where contacts carry their planned cadence (contract v1.1), the
    /// later contacts of a cadence under a week belong to the decision that planned them: same channel,
    /// cadence, strategy and probability, each within a cadence (plus 12 hours) of the previous one, and
    /// less than 7 days after the decision's first. They are follow-ups, not decisions: their 7-day
    /// windows would be judged on who was still unpaid when they came. Uses earlier rows only.
    /// </summary>
    public static bool[] DecisionStarts(IReadOnlyList<Contact> contacts)
    {
        var starts = new bool[contacts.Count];
        var chains = new Dictionary<(string, int, string?, double?), (DateTimeOffset Start, DateTimeOffset Last)>();
        for (var i = 0; i < contacts.Count; i++)
        {
            var c = contacts[i];
            if (c.CadenceDays is not { } cadence || cadence >= 7 || c.Channel == "none")
            {
                starts[i] = true;
                continue;
            }
            var key = (c.Channel, cadence, c.Strategy, c.TreatmentProbability);
            if (chains.TryGetValue(key, out var chain)
                && c.ContactedAt - chain.Last <= TimeSpan.FromDays(cadence) + TimeSpan.FromHours(12)
                && c.ContactedAt - chain.Start < TimeSpan.FromDays(7))
            {
                chains[key] = chain with { Last = c.ContactedAt };
                continue;
            }
            starts[i] = true;
            chains[key] = (c.ContactedAt, c.ContactedAt);
        }
        return starts;
    }
}
