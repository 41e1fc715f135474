using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Contract.Time;

namespace RepaymentScoring.Compliance;

/// <summary>
/// Why an action is not allowed: a stable rule id, a sentence, and the earliest moment this rule
/// stops refusing it (null when no date can be foreseen: consent withdrawn, cease contact, litigation,
/// hardship).
/// </summary>
public sealed record Refusal(string RuleId, string Reason, DateTimeOffset? AllowedFrom);

/// <summary>
/// The contact rules of the active profile as a hard filter: an action is allowed only when no rule
/// refuses it. Letters are judged by date only (no hour rule), as DOMAIN.md states.
/// </summary>
public sealed class ComplianceRules(ComplianceSettings settings, ChannelCatalog channels)
{
    public const int FirstHour = 8;
    public const int EndHour = 21;

    public ComplianceSettings Settings { get; } = settings.Validate();
    public ChannelCatalog Channels { get; } = channels;

    public bool IsAllowed(ContactContext context, string channel, DateTimeOffset at) => Check(context, channel, at, firstOnly: true).Count == 0;

    /// <summary>Every rule that refuses contacting over <paramref name="channel"/> at <paramref name="at"/>.</summary>
    public IReadOnlyList<Refusal> Check(ContactContext context, string channel, DateTimeOffset at, bool firstOnly = false)
    {
        // Planning checks a few hundred moments per account and most pass: nothing is allocated
        // until a rule refuses (the list, and no lambda that would capture this method's locals).
        List<Refusal>? refusals = null;
        var definition = Channels.Get(channel);
        if (definition.Kind == ChannelKind.None) return [];
        bool Refuse(string id, string reason, DateTimeOffset? allowedFrom)
        {
            (refusals ??= []).Add(new Refusal(id, reason, allowedFrom));
            return firstOnly;
        }

        var s = context.Snapshot;
        var zone = context.Zone;
        var local = context.LocalTime(at);
        var localDay = DateOnly.FromDateTime(local.DateTime);
        DateTimeOffset DayAt(DateOnly day, int hour) => LocalDays.At(day, hour, zone);
        if (s.CeaseContact && Refuse("cease_contact", "the customer asked to stop contact", null)) return refusals!;
        if (s.LegalStatus == LegalStatuses.Litigation && Refuse("litigation", "the account is in litigation", null)) return refusals!;
        if (context.HasWithdrawnConsent(channel) && Refuse("consent", $"consent to {channel} withdrawn", null)) return refusals!;
        var dpd = context.DaysPastDueOn(localDay);
        if (dpd < Settings.FirstDpd
            && Refuse("first_dpd", $"DPD {dpd} is below the first contact DPD {Settings.FirstDpd}", DayAt(localDay.AddDays(Settings.FirstDpd - dpd), 0))) return refusals!;
        if (definition.Kind == ChannelKind.Visit && dpd <= Settings.LateDpd
            && Refuse("late_only", $"field visits only over DPD {Settings.LateDpd} (DPD {dpd})", DayAt(localDay.AddDays(Settings.LateDpd + 1 - dpd), 0))) return refusals!;
        if (definition.Kind != ChannelKind.Mail)
        {
            if ((local.Hour < FirstHour || local.Hour >= EndHour)
                && Refuse("contact_hours", "outside 08:00-21:00 local time", DayAt(local.Hour < FirstHour ? localDay : localDay.AddDays(1), FirstHour))) return refusals!;
            if (context.Account.PreferredHours is { } hours && !hours.Contains(local.Hour))
            {
                var opens = Math.Max(hours.From, FirstHour);
                DateTimeOffset? next = opens > Math.Min(hours.To, EndHour - 1) ? null
                    : DayAt(local.Hour < opens ? localDay : localDay.AddDays(1), opens);
                if (Refuse("preferred_hours", $"outside the customer's preferred hours {hours}", next)) return refusals!;
            }
        }
        if (s.PromiseToPayUntil is { } promise && localDay.DayNumber < promise.DayNumber + Settings.PromiseGraceDays
            && Refuse("promise_to_pay", $"promise to pay until {promise:yyyy-MM-dd} plus {Settings.PromiseGraceDays} days' grace",
                DayAt(promise.AddDays(Settings.PromiseGraceDays), 0))) return refusals!;
        if (s.Hardship)
        {
            if (definition.Kind is not (ChannelKind.ElectronicMessage or ChannelKind.Mail)
                && Refuse("hardship_channel", "in hardship only sms, email or letter", null)) return refusals!;
            var last = LastContact(context.Contacts, _ => true, at);
            if (last is { } t && at - t < TimeSpan.FromDays(14)
                && Refuse("hardship_spacing", "in hardship at least 14 days between contacts", t.AddDays(14))) return refusals!;
        }
        if (definition.Kind == ChannelKind.Call)
        {
            if (Settings.Profile == ComplianceSettings.ChinaDefault)
            {
                if (CalledOnLocalDay(context, at, localDay)
                    && Refuse("call_daily_cap", "at most one call a local day", DayAt(localDay.AddDays(1), 0))) return refusals!;
            }
            else
            {
                var window = at - TimeSpan.FromHours(168);
                var (calls, seventhLatest, lastConversation) = CallsWithin(context.Contacts, window, at);
                // The window frees up when the oldest call that makes it full is 168 hours old.
                if (calls >= 7
                    && Refuse("call_weekly_cap", "at most 7 call attempts in 168 hours", seventhLatest.AddHours(168))) return refusals!;
                if (lastConversation is { } talk
                    && Refuse("call_after_conversation", "no call within 168 hours after a conversation", talk.AddHours(168))) return refusals!;
            }
        }
        if (definition.Kind == ChannelKind.Mail && Settings.Profile == ChinaDefault)
        {
            var letters = LettersInLocalMonth(context, at, local);
            var nextMonth = new DateOnly(local.Year, local.Month, 1).AddMonths(1);
            if (letters >= 2 && Refuse("letter_monthly_cap", "at most 2 letters a local calendar month", DayAt(nextMonth, 0))) return refusals!;
        }
        return (IReadOnlyList<Refusal>?)refusals ?? [];
    }

    /// <summary>
    /// The first moment at or after <paramref name="from"/> when the action is allowed, within
    /// <paramref name="horizon"/>; null when a rule gives no date or the horizon passes.
    /// Each refusal's own date is a lower bound, so the search jumps from bound to bound.
    /// </summary>
    public DateTimeOffset? EarliestAllowed(ContactContext context, string channel, DateTimeOffset from, TimeSpan horizon)
    {
        var at = from;
        for (var step = 0; step < 32 && at - from <= horizon; step++)
        {
            var refusals = Check(context, channel, at);
            if (refusals.Count == 0) return at;
            if (refusals.Any(r => r.AllowedFrom is null)) return null;
            var next = refusals.Max(r => r.AllowedFrom!.Value);
            at = next > at ? next : at.AddMinutes(30);
        }
        return null;
    }

    private const string ChinaDefault = ComplianceSettings.ChinaDefault;

    private bool IsCall(PastContact c) => Channels.TryGet(c.Channel, out var d) && d.Kind == ChannelKind.Call;

    private bool CalledOnLocalDay(ContactContext context, DateTimeOffset before, DateOnly day)
    {
        var contacts = context.Contacts;
        for (var i = 0; i < contacts.Count; i++)
            if (contacts[i].At < before && context.LocalDayOf(i) == day && IsCall(contacts[i])) return true;
        return false;
    }

    /// <summary>Calls in (from, before): how many, the 7th latest of them (when there are 7), and the latest conversation.</summary>
    private (int Calls, DateTimeOffset SeventhLatest, DateTimeOffset? LastConversation) CallsWithin(IReadOnlyList<PastContact> contacts, DateTimeOffset from, DateTimeOffset before)
    {
        var calls = 0;
        DateTimeOffset? lastConversation = null;
        List<DateTimeOffset>? moments = null;
        foreach (var c in contacts)
        {
            if (c.At <= from || c.At >= before || !IsCall(c)) continue;
            calls++;
            (moments ??= []).Add(c.At);
            if (ChannelDefinition.ConversationOutcomes.Contains(c.Outcome) && (lastConversation is null || c.At > lastConversation)) lastConversation = c.At;
        }
        if (calls < 7) return (calls, default, lastConversation);
        moments!.Sort();
        return (calls, moments[calls - 7], lastConversation);
    }

    private int LettersInLocalMonth(ContactContext context, DateTimeOffset before, DateTimeOffset local)
    {
        var letters = 0;
        var contacts = context.Contacts;
        for (var i = 0; i < contacts.Count; i++)
        {
            if (contacts[i].At >= before || Channels.Get(contacts[i].Channel).Kind != ChannelKind.Mail) continue;
            var day = context.LocalDayOf(i);
            if (day.Year == local.Year && day.Month == local.Month) letters++;
        }
        return letters;
    }

    private static DateTimeOffset? LastContact(IReadOnlyList<PastContact> contacts, Func<PastContact, bool> match, DateTimeOffset before)
    {
        for (var i = contacts.Count - 1; i >= 0; i--)
            if (contacts[i].At < before && contacts[i].Channel != ChannelCatalog.NoContact && match(contacts[i]))
                return contacts[i].At;
        return null;
    }

}
