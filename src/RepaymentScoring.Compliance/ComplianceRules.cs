using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Compliance;

/// <summary>Why an action is not allowed: a stable rule id and a sentence.</summary>
public sealed record Refusal(string RuleId, string Reason);

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
        var refusals = new List<Refusal>();
        var definition = Channels.Get(channel);
        if (definition.Kind == ChannelKind.None) return refusals;
        bool Refuse(string id, string reason)
        {
            refusals.Add(new Refusal(id, reason));
            return firstOnly;
        }

        var s = context.Snapshot;
        var local = TimeZoneInfo.ConvertTime(at, context.Zone);
        var localDay = DateOnly.FromDateTime(local.DateTime);
        if (s.CeaseContact && Refuse("cease_contact", "the customer asked to stop contact")) return refusals;
        if (s.LegalStatus == LegalStatuses.Litigation && Refuse("litigation", "the account is in litigation")) return refusals;
        if (context.HasWithdrawnConsent(channel) && Refuse("consent", $"consent to {channel} withdrawn")) return refusals;
        var dpd = context.DaysPastDueAt(at);
        if (dpd < Settings.FirstDpd && Refuse("first_dpd", $"DPD {dpd} is below the first contact DPD {Settings.FirstDpd}")) return refusals;
        if (definition.Kind == ChannelKind.Visit && dpd <= Settings.LateDpd
            && Refuse("late_only", $"field visits only over DPD {Settings.LateDpd} (DPD {dpd})")) return refusals;
        if (definition.Kind != ChannelKind.Mail)
        {
            if ((local.Hour < FirstHour || local.Hour >= EndHour) && Refuse("contact_hours", "outside 08:00-21:00 local time")) return refusals;
            if (context.Account.PreferredHours is { } hours && !hours.Contains(local.Hour)
                && Refuse("preferred_hours", $"outside the customer's preferred hours {hours}")) return refusals;
        }
        if (s.PromiseToPayUntil is { } promise && localDay.DayNumber < promise.DayNumber + Settings.PromiseGraceDays
            && Refuse("promise_to_pay", $"promise to pay until {promise:yyyy-MM-dd} plus {Settings.PromiseGraceDays} days' grace")) return refusals;
        if (s.Hardship)
        {
            if (definition.Kind is not (ChannelKind.ElectronicMessage or ChannelKind.Mail)
                && Refuse("hardship_channel", "in hardship only sms, email or letter")) return refusals;
            var last = LastContact(context.Contacts, _ => true, at);
            if (last is { } t && at - t < TimeSpan.FromDays(14)
                && Refuse("hardship_spacing", "in hardship at least 14 days between contacts")) return refusals;
        }
        if (definition.Kind == ChannelKind.Call)
        {
            if (Settings.Profile == ComplianceSettings.ChinaDefault)
            {
                if (context.Contacts.Any(c => c.At < at && IsCall(c) && SameLocalDay(c.At, localDay, context.Zone))
                    && Refuse("call_daily_cap", "at most one call a local day")) return refusals;
            }
            else
            {
                var window = at - TimeSpan.FromHours(168);
                if (context.Contacts.Count(c => c.At > window && c.At < at && IsCall(c)) >= 7
                    && Refuse("call_weekly_cap", "at most 7 call attempts in 168 hours")) return refusals;
                if (context.Contacts.Any(c => c.At > window && c.At < at && IsCall(c) && ChannelDefinition.ConversationOutcomes.Contains(c.Outcome))
                    && Refuse("call_after_conversation", "no call within 168 hours after a conversation")) return refusals;
            }
        }
        if (definition.Kind == ChannelKind.Mail && Settings.Profile == ChinaDefault)
        {
            var letters = context.Contacts.Count(c => c.At < at && Channels.Get(c.Channel).Kind == ChannelKind.Mail && SameLocalMonth(c.At, local, context.Zone));
            if (letters >= 2 && Refuse("letter_monthly_cap", "at most 2 letters a local calendar month")) return refusals;
        }
        return refusals;
    }

    private const string ChinaDefault = ComplianceSettings.ChinaDefault;

    private bool IsCall(PastContact c) => Channels.TryGet(c.Channel, out var d) && d.Kind == ChannelKind.Call;

    private static DateTimeOffset? LastContact(IReadOnlyList<PastContact> contacts, Func<PastContact, bool> match, DateTimeOffset before)
    {
        for (var i = contacts.Count - 1; i >= 0; i--)
            if (contacts[i].At < before && contacts[i].Channel != ChannelCatalog.NoContact && match(contacts[i]))
                return contacts[i].At;
        return null;
    }

    private static bool SameLocalDay(DateTimeOffset at, DateOnly day, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime) == day;

    private static bool SameLocalMonth(DateTimeOffset at, DateTimeOffset local, TimeZoneInfo zone)
    {
        var l = TimeZoneInfo.ConvertTime(at, zone);
        return l.Year == local.Year && l.Month == local.Month;
    }
}
