using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Features;

/// <summary>
/// Point-in-time features: everything is computed from rows strictly before the decision moment
/// (snapshots that describe a moment at or before it), so adding later rows never changes them.
/// Shared by training, batch scoring and the API.
/// </summary>
public sealed class FeatureBuilder(FeatureSchema schema)
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    public FeatureSchema Schema { get; } = schema;
    public int StateWidth => Schema.StateNames.Count;
    public int ResponseWidth => Schema.ResponseNames.Count;

    /// <summary>Writes the state features of a decision at <paramref name="at"/> into <paramref name="row"/> (StateWidth values).</summary>
    public void WriteState(AccountTimeline t, DateTimeOffset at, Span<float> row)
    {
        var i = 0;
        var a = t.Account;
        foreach (var p in FeatureSchema.Products) row[i++] = a.Product == p ? 1 : 0;
        row[i++] = (float)(at - new DateTimeOffset(a.OpenedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)).TotalDays;
        row[i++] = Value(a.CreditLimit);
        row[i++] = Value(a.OriginalPrincipal);
        row[i++] = a.CustomerAge ?? float.NaN;
        row[i++] = FeatureSchema.Code(Schema.Regions, a.Region, Schema.Frozen);
        row[i++] = a.PreferredHours?.From ?? float.NaN;
        row[i++] = a.PreferredHours?.To ?? float.NaN;
        row[i++] = a.OptedOut.Count;
        foreach (var extra in Schema.Extras)
        {
            var has = a.Features.TryGetValue(extra.Name, out var raw);
            row[i++] = !has ? float.NaN
                : extra.Kind == ExtraFeature.Numeric ? (float.TryParse(raw, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : float.NaN)
                : FeatureSchema.Code(extra.Categories, raw, Schema.Frozen);
        }

        var si = t.LatestSnapshotAt(at);
        var s = si >= 0 ? t.History.Snapshots[si] : null;
        var localDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, t.Zone).DateTime);
        var daysSinceSnapshot = s is null ? 0 : localDay.DayNumber - s.AsOf.DayNumber;
        var due = s is null ? float.NaN : (float)s.AmountDue;
        row[i++] = s is null ? float.NaN : s.DaysPastDue + (s.DaysPastDue > 0 ? daysSinceSnapshot : 0);
        row[i++] = due;
        row[i++] = s is null ? float.NaN : (float)s.Balance;
        row[i++] = s is null || s.Balance <= 0 ? float.NaN : (float)(s.AmountDue / s.Balance);
        row[i++] = s is null ? float.NaN : s.Hardship ? 1 : 0;
        var promiseActive = s?.PromiseToPayUntil is { } promise && promise >= localDay;
        row[i++] = s is null ? float.NaN : promiseActive ? 1 : 0;
        row[i++] = promiseActive ? s!.PromiseToPayUntil!.Value.DayNumber - localDay.DayNumber : float.NaN;
        row[i++] = s is null ? float.NaN : s.LegalStatus == LegalStatuses.PreLegal ? 1 : 0;
        row[i++] = s is null ? float.NaN : s.LegalStatus == LegalStatuses.Litigation ? 1 : 0;
        row[i++] = s is null ? float.NaN : s.CeaseContact ? 1 : 0;
        row[i++] = s is null ? float.NaN : daysSinceSnapshot;

        var payments = t.History.Payments;
        var paidBefore = t.PaymentsBefore(at);
        int n30 = 0, n90 = 0;
        decimal sum30 = 0, sum90 = 0;
        var lastPayment = DateTimeOffset.MinValue;
        for (var k = paidBefore - 1; k >= 0; k--)
        {
            var age = at - payments[k].PaidAt;
            if (lastPayment == DateTimeOffset.MinValue) lastPayment = payments[k].PaidAt;
            if (age > 90 * Day) break;
            n90++;
            sum90 += payments[k].Amount;
            if (age <= 30 * Day)
            {
                n30++;
                sum30 += payments[k].Amount;
            }
        }
        row[i++] = n30;
        row[i++] = s is null || s.AmountDue <= 0 ? float.NaN : (float)(sum30 / s.AmountDue);
        row[i++] = n90;
        row[i++] = lastPayment == DateTimeOffset.MinValue ? float.NaN : (float)((at - lastPayment) / Day);
        row[i++] = (float)sum90;

        var contacts = t.History.Contacts;
        var before = t.ContactsBefore(at);
        int c7 = 0, c30 = 0, complaints = 0, promises = 0, broken = 0, conversations = 0, waits = 0;
        var lastContact = DateTimeOffset.MinValue;
        var perChannel = new (int N7, int N30, int N90, DateTimeOffset Last, int Responded, int Judged)[Schema.Channels.Count];
        Span<int> bandCalls = stackalloc int[FeatureSchema.AnsweredBands.Length];
        Span<int> bandAnswered = stackalloc int[FeatureSchema.AnsweredBands.Length];
        for (var k = before - 1; k >= 0; k--)
        {
            var c = contacts[k];
            var age = at - c.ContactedAt;
            if (age > 90 * Day) break;
            if (c.Channel == "none")
            {
                if (age <= 30 * Day) waits++;
                continue;
            }
            if (lastContact == DateTimeOffset.MinValue) lastContact = c.ContactedAt;
            if (ChannelDefinition.Answered(c.Outcome) is { } answered)
            {
                var hour = t.LocalHour(c.ContactedAt);
                for (var b = 0; b < bandCalls.Length; b++)
                {
                    if (hour < FeatureSchema.AnsweredBands[b].From || hour >= FeatureSchema.AnsweredBands[b].To) continue;
                    bandCalls[b]++;
                    if (answered) bandAnswered[b]++;
                }
            }
            if (age <= 7 * Day) c7++;
            if (age <= 30 * Day)
            {
                c30++;
                if (c.Outcome == "promise_to_pay") promises++;
                if (c.Outcome is "right_party_contact" or "promise_to_pay" or "refused" or "complaint") conversations++;
            }
            if (age <= 60 * Day && c.Outcome == "complaint") complaints++;
            // Judged only once its 7 or 10 days are over before the decision: no peeking past it.
            if (c.Outcome == "promise_to_pay" && age > 10 * Day && t.PaidBetween(c.ContactedAt, c.ContactedAt + 10 * Day, openStart: true) == 0) broken++;
            var ci = IndexOf(c.Channel);
            if (ci < 0) continue;
            ref var pc = ref perChannel[ci];
            if (pc.Last == default) pc.Last = c.ContactedAt;
            pc.N90++;
            if (age <= 30 * Day) pc.N30++;
            if (age <= 7 * Day) pc.N7++;
            if (age > 7 * Day)
            {
                pc.Judged++;
                if (t.PaidBetween(c.ContactedAt, c.ContactedAt + 7 * Day, openStart: true) > 0) pc.Responded++;
            }
        }
        row[i++] = c7;
        row[i++] = c30;
        row[i++] = complaints;
        row[i++] = promises;
        row[i++] = broken;
        row[i++] = conversations;
        row[i++] = waits;
        row[i++] = lastContact == DateTimeOffset.MinValue ? float.NaN : (float)((at - lastContact) / Day);
        for (var b = 0; b < bandCalls.Length; b++)
            row[i++] = bandCalls[b] == 0 ? float.NaN : bandAnswered[b] / (float)bandCalls[b];
        foreach (var pc in perChannel)
        {
            row[i++] = pc.N7;
            row[i++] = pc.N30;
            row[i++] = pc.N90;
            row[i++] = pc.Last == default ? float.NaN : (float)((at - pc.Last) / Day);
            row[i++] = pc.Judged == 0 ? float.NaN : pc.Responded / (float)pc.Judged;
        }
        if (i != StateWidth) throw new InvalidOperationException($"Wrote {i} state features, schema has {StateWidth}.");
    }

    /// <summary>Writes state then action features (ResponseWidth values).</summary>
    public void WriteResponse(AccountTimeline t, DateTimeOffset at, ActionFeatures action, Span<float> row)
    {
        WriteState(t, at, row);
        WriteAction(action, row[StateWidth..]);
    }

    /// <summary>Overwrites only the action columns of a response row (for scoring several actions on one state).</summary>
    public void WriteAction(ActionFeatures action, Span<float> actionColumns)
    {
        var i = 0;
        actionColumns[i++] = action.Channel == "none" ? 1 : 0;
        foreach (var c in Schema.Channels) actionColumns[i++] = action.Channel == c ? 1 : 0;
        actionColumns[i++] = action.Intensity;
        actionColumns[i++] = action.LocalHour ?? float.NaN;
        actionColumns[i] = float.NaN; // action_reach: filled by the reach model (TrainedModels)
    }

    /// <summary>Contacts of <paramref name="channel"/> in the 7 days before <paramref name="at"/>.</summary>
    public static int SameChannelLast7Days(AccountTimeline t, string channel, DateTimeOffset at)
    {
        var n = 0;
        for (var k = t.ContactsBefore(at) - 1; k >= 0; k--)
        {
            var c = t.History.Contacts[k];
            if (at - c.ContactedAt >= 7 * Day) break;
            if (c.Channel == channel) n++;
        }
        return n;
    }

    private int IndexOf(string channel)
    {
        for (var k = 0; k < Schema.Channels.Count; k++)
            if (Schema.Channels[k] == channel) return k;
        return -1;
    }

    private static float Value(decimal? d) => d is { } v ? (float)v : float.NaN;
}
