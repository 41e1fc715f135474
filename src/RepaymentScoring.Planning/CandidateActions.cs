using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Features;

namespace RepaymentScoring.Planning;

/// <summary>A channel's allowed hours at a plan's moment, and its contacts over the last 7 days.</summary>
public readonly record struct OpenHours(string Channel, int History7, List<int> Hours);

/// <summary>An account's actions at a moment: those the profile allows (each with its whole first week), those it refuses, and each open channel's hours.</summary>
public sealed record Candidates(List<AllowedAction> Allowed, List<RefusedAction> Refused, List<OpenHours> Open);

/// <summary>
/// The first part of a plan: every (channel, cadence, hour) whose first contact and whole first week
/// the compliance profile allows, judged on the account's history plus the plan's own earlier
/// contacts; channels with no allowed hour are refused with their rules and the moment they reopen.
/// </summary>
public sealed class CandidateActions(ComplianceRules rules, PlanningOptions options)
{
    /// <summary>The candidates among <paramref name="channels"/> (channels the profile does not know are skipped).</summary>
    public Candidates Find(AccountTimeline timeline, ContactContext context, DateTimeOffset at, IReadOnlyList<string> channels)
    {
        // One more for waiting, which the plan appends.
        var allowed = new List<AllowedAction>(channels.Count * ContactAction.Cadences.Count * (options.LastHour - options.FirstHour + 1) + 1);
        var refused = new List<RefusedAction>();
        var openHours = new List<OpenHours>();
        var moments = new (DateTimeOffset At, DateOnly Day)?[24]; // each hour's next moment and its local day, shared by the channels
        var today = DateOnly.FromDateTime(context.LocalTime(at).DateTime);
        var scratch = new List<PastContact>(context.Contacts.Count + 8); // a week's contacts, history first, reused by every week checked
        foreach (var channel in channels)
        {
            if (!rules.Channels.TryGet(channel, out var definition)) continue;
            var hours = definition.Kind == ChannelKind.Mail ? [options.LetterHour]
                : Enumerable.Range(options.FirstHour, options.LastHour - options.FirstHour + 1);
            var open = new List<(int Hour, DateTimeOffset At, DateOnly Day)>();
            IReadOnlyList<Refusal>? firstRefusals = null;
            foreach (var hour in hours)
            {
                var (moment, day) = moments[hour] ??= NextMoment(context, at, today, hour);
                var refusals = rules.Check(context, channel, moment, firstOnly: firstRefusals is not null);
                if (refusals.Count == 0) open.Add((hour, moment, day));
                else firstRefusals ??= refusals;
            }
            if (open.Count == 0)
            {
                refused.Add(new RefusedAction(channel, firstRefusals ?? [], rules.EarliestAllowed(context, channel, at, TimeSpan.FromDays(60))));
                continue;
            }
            var history7 = FeatureBuilder.SameChannelLast7Days(timeline, channel, at);
            openHours.Add(new OpenHours(channel, history7, open.ConvertAll(o => o.Hour)));
            var dailyWeek = new bool[open.Count];
            var week = new bool[open.Count];
            foreach (var cadence in ContactAction.Cadences)
            {
                WeeksAllowed(context, channel, cadence, open, cadence is 2 or 3 ? dailyWeek : null, week, scratch);
                if (cadence == 1) Array.Copy(week, dailyWeek, week.Length);
                for (var k = 0; k < open.Count; k++)
                {
                    if (!week[k]) continue;
                    allowed.Add(new AllowedAction(new ContactAction(channel, cadence, open[k].Hour), open[k].At));
                }
            }
        }
        return new Candidates(allowed, refused, openHours);
    }

    /// <summary>Contacts the rules look at: the last 35 days, and every opt-out ever (consent does not come back).</summary>
    public static List<PastContact> RecentContacts(AccountHistory history, DateTimeOffset at)
    {
        var horizon = at.AddDays(-35);
        var recent = new List<PastContact>();
        foreach (var c in history.Contacts)
            if (c.ContactedAt < at && (c.ContactedAt >= horizon || c.Outcome == "opt_out")) recent.Add(new PastContact(c.ContactedAt, c.Channel, c.Outcome));
        return recent;
    }

    /// <summary>
    /// Which of the open hours (in increasing hour order) may take the cadence's whole first week. The
    /// rules look back from a moment over fixed windows (168 hours, 14 days, the local day or month),
    /// so among hours whose first contact falls on the same local day a later hour's week has every
    /// contact later by the same amount and sees fewer earlier ones: once one hour's week is allowed,
    /// every later hour's that day is too, and each day is searched from its first hour until one
    /// passes. And the weeks of 2 and 3 days contact on a subset of the daily week's days at the same
    /// hour: where the daily week (<paramref name="daily"/>) is allowed, so are they. The first week
    /// of each hour is still decided exactly (a test checks every allowed week contact by contact).
    /// </summary>
    private void WeeksAllowed(ContactContext context, string channel, int cadence, List<(int Hour, DateTimeOffset At, DateOnly Day)> open,
        bool[]? daily, bool[] allowed, List<PastContact> scratch)
    {
        if (new ContactAction(channel, cadence, 0).ContactsPerWeek <= 1)
        {
            Array.Fill(allowed, true);
            return;
        }
        for (var k = 0; k < open.Count; k++)
        {
            allowed[k] = k > 0 && open[k - 1].Day == open[k].Day && allowed[k - 1]
                || daily is not null && daily[k]
                || WeekIsAllowed(context, new ContactAction(channel, cadence, open[k].Hour), open[k].At, open[k].Day, scratch);
        }
    }

    /// <summary>Checks each contact a cadence of several contacts plans in its first week, each seeing the ones planned before it.</summary>
    private bool WeekIsAllowed(ContactContext context, ContactAction action, DateTimeOffset first, DateOnly firstDay, List<PastContact> contacts)
    {
        contacts.Clear();
        contacts.AddRange(context.Contacts);
        var neutral = NeutralOutcome(rules.Channels.Get(action.Channel).Kind);
        contacts.Add(new PastContact(first, action.Channel, neutral));
        // One context over the growing list: each check sees the contacts planned before it.
        var week = new ContactContext(context, contacts);
        for (var i = 1; i < action.ContactsPerWeek; i++)
        {
            var moment = week.MomentAt(firstDay.AddDays(i * action.CadenceDays), action.Hour);
            if (moment >= first.AddDays(7)) break;
            if (!rules.IsAllowed(week, action.Channel, moment)) return false;
            contacts.Add(new PastContact(moment, action.Channel, neutral));
        }
        return true;
    }

    /// <summary>The outcome a planned contact is assumed to have while its week is checked: one that neither reaches the customer nor opts out.</summary>
    private static string NeutralOutcome(ChannelKind kind) => kind switch
    {
        ChannelKind.Mail => "sent",
        ChannelKind.ElectronicMessage => "delivered",
        _ => "no_answer",
    };

    /// <summary>The next moment at <paramref name="hour"/> local time, at or after <paramref name="at"/>, and its local day.</summary>
    private static (DateTimeOffset At, DateOnly Day) NextMoment(ContactContext context, DateTimeOffset at, DateOnly today, int hour)
    {
        var moment = context.MomentAt(today, hour);
        return moment >= at ? (moment, today) : (context.MomentAt(today.AddDays(1), hour), today.AddDays(1));
    }
}
