using FsCheck;
using FsCheck.Fluent;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Contract.Time;

namespace RepaymentScoring.Compliance.Tests;

public sealed class ComplianceRulesTests
{
    private static readonly string[] Zones = ["Asia/Shanghai", "America/Chicago", "America/New_York", "Europe/London", "Australia/Sydney"];
    private static readonly string[] Channels = ["phone", "sms", "email", "letter", "visit"];

    private static ContactContext Context(string zone, int dpd, HourRange? preferred = null, bool hardship = false,
        IReadOnlyList<PastContact>? contacts = null, DateOnly? asOf = null)
    {
        var account = new Account("A1", "bnpl", new DateOnly(2024, 1, 1), null, null, null, null, zone, [], preferred, new Dictionary<string, string>());
        var snapshot = new AccountSnapshot("A1", asOf ?? new DateOnly(2026, 3, 1), dpd, 100, 500, hardship, null, LegalStatuses.None, false);
        return new ContactContext(account, TimeZoneInfo.FindSystemTimeZoneById(zone), snapshot, contacts ?? []);
    }

    private static ComplianceRules Rules(string profile = ComplianceSettings.ChinaDefault) =>
        new(new ComplianceSettings { Profile = profile }, ChannelCatalog.Default);

    [Fact]
    public void No_allowed_contact_falls_outside_local_contact_hours_or_preferred_hours_across_daylight_saving_changes()
    {
        // Moments spread over a year (both DST changes of every zone), any zone, any preferred range.
        var gen = from zone in Gen.Elements(Zones)
                  from minutes in Gen.Choose(0, 366 * 24 * 60)
                  from channel in Gen.Elements(Channels)
                  from from_ in Gen.Choose(0, 23)
                  from span in Gen.Choose(0, 6)
                  from hasPreferred in Gen.Elements(true, false)
                  select (zone, minutes, channel, preferred: hasPreferred ? new HourRange(from_, Math.Min(23, from_ + span)) : (HourRange?)null);
        Prop.ForAll(Arb.From(gen), c =>
        {
            var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(c.minutes);
            var context = Context(c.zone, 120, c.preferred, asOf: DateOnly.FromDateTime(at.UtcDateTime).AddDays(-1));
            var refusals = Rules().Check(context, c.channel, at);
            var local = TimeZoneInfo.ConvertTime(at, context.Zone);
            var hourOk = c.channel == "letter" || (local.Hour >= 8 && local.Hour < 21 && (c.preferred is null || c.preferred.Value.Contains(local.Hour)));
            return refusals.All(r => r.RuleId.Length > 0) && (refusals.Count == 0) == hourOk;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(ComplianceSettings.ChinaDefault, "call_daily_cap")]
    [InlineData(ComplianceSettings.UsRegulationF, "call_after_conversation")]
    public void A_second_call_the_same_day_after_a_conversation_is_refused_by_the_profiles_rule(string profile, string rule)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var first = LocalDays.At(new DateOnly(2026, 3, 8), 10, zone); // the day US clocks move forward
        var context = Context("America/Chicago", 40, contacts: [new PastContact(first, "phone", "right_party_contact")], asOf: new DateOnly(2026, 3, 8));
        var refusal = Assert.Single(Rules(profile).Check(context, "phone", first.AddHours(5)));
        Assert.Equal(rule, refusal.RuleId);
    }

    [Fact]
    public void Hardship_allows_only_gentle_channels_fourteen_days_apart_and_visits_wait_for_late_stage()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var at = LocalDays.At(new DateOnly(2026, 3, 10), 10, zone);
        var recent = new PastContact(at.AddDays(-10), "email", "delivered");
        var hardship = Context("Asia/Shanghai", 40, hardship: true, contacts: [recent]);
        Assert.Contains(Rules().Check(hardship, "phone", at), r => r.RuleId == "hardship_channel");
        Assert.Equal("hardship_spacing", Assert.Single(Rules().Check(hardship, "sms", at)).RuleId);
        Assert.Empty(Rules().Check(hardship, "sms", at.AddDays(4)));
        Assert.Equal("late_only", Assert.Single(Rules().Check(Context("Asia/Shanghai", 90, asOf: new DateOnly(2026, 3, 10)), "visit", at)).RuleId);
        Assert.Empty(Rules().Check(Context("Asia/Shanghai", 91, asOf: new DateOnly(2026, 3, 10)), "visit", at));
        Assert.Equal("first_dpd", Assert.Single(Rules().Check(Context("Asia/Shanghai", 6, asOf: new DateOnly(2026, 3, 10)), "sms", at)).RuleId);
    }

    [Fact]
    public void A_third_letter_in_a_local_month_is_refused_under_cn_default_only()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var letters = new[] { 2, 9 }.Select(d => new PastContact(LocalDays.At(new DateOnly(2026, 3, d), 10, zone), "letter", "sent")).ToList();
        var context = Context("Asia/Shanghai", 60, contacts: letters);
        var at = LocalDays.At(new DateOnly(2026, 3, 31), 23, zone);
        Assert.Equal("letter_monthly_cap", Assert.Single(Rules().Check(context, "letter", at)).RuleId);
        Assert.Empty(Rules().Check(context, "letter", at.AddHours(1)));
        Assert.Empty(Rules(ComplianceSettings.UsRegulationF).Check(context, "letter", at));
    }

    [Fact]
    public void An_unknown_profile_is_refused_naming_the_setting()
    {
        var e = Assert.Throws<ArgumentException>(() => new ComplianceSettings { Profile = "eu-gdpr" }.Validate());
        Assert.Contains("Compliance:Profile", e.Message, StringComparison.Ordinal);
    }
}
