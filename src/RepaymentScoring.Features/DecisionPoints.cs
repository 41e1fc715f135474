using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Features;

/// <summary>A snapshot as a propensity decision point, with its label (DATA-CONTRACT.md, Labels).</summary>
public readonly record struct PropensityPoint(int SnapshotIndex, DateTimeOffset At, bool Label, decimal Recovered);

/// <summary>A logged contact (or wait) as a response decision point, with its label and its logging probability.</summary>
public readonly record struct ResponsePoint(int ContactIndex, DateTimeOffset At, ActionFeatures Action, bool Label, decimal Recovered, decimal AmountDue);

/// <summary>Decision points dropped, by reason; the manifest records them.</summary>
public sealed class DropCounts
{
    public long Censored { get; set; }
    public long NoEarlierSnapshot { get; set; }
    public long NoAmountDue { get; set; }
    public long UnknownChannel { get; set; }

    public Dictionary<string, long> ToDictionary() => new()
    {
        ["censored"] = Censored, ["no_earlier_snapshot"] = NoEarlierSnapshot, ["no_amount_due"] = NoAmountDue, ["unknown_channel"] = UnknownChannel,
    };
}

/// <summary>Enumerates an account's labelled decision points; unlabeled ones are counted, not returned.</summary>
public static class DecisionPoints
{
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
        for (var i = 0; i < contacts.Count; i++)
        {
            var c = contacts[i];
            if (c.Channel != "none" && !channels.Contains(c.Channel))
            {
                drops.UnknownChannel++;
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
            var action = c.Channel == "none"
                ? ActionFeatures.Wait
                : new ActionFeatures(c.Channel, FeatureBuilder.SameChannelLast7Days(t, c.Channel, c.ContactedAt) + 1, t.LocalHour(c.ContactedAt));
            var paid = t.PaidBetween(c.ContactedAt, end, openStart: true);
            yield return new ResponsePoint(i, c.ContactedAt, action, paid >= labels.QualifyingShare * s.AmountDue, Math.Min(paid, s.Balance), s.AmountDue);
        }
    }
}
