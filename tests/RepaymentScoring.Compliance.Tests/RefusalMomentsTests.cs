using FsCheck;
using FsCheck.Fluent;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Compliance.Tests;

/// <summary>Property tests over generated accounts, histories, zones (DST changes included) and clocks.</summary>
public sealed class RefusalMomentsTests
{
    private static readonly string[] Zones = ["Asia/Shanghai", "America/Chicago", "America/New_York", "Europe/London", "Australia/Sydney", "America/Sao_Paulo"];
    private static readonly string[] Channels = ["phone", "sms", "email", "letter", "visit"];
    private static readonly string[] Outcomes = ["no_answer", "right_party_contact", "promise_to_pay", "delivered", "opt_out", "sent", "complaint"];
    internal static readonly DateTimeOffset Origin = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    internal sealed record Case(string Profile, string Zone, int Dpd, bool Hardship, int? PromiseDays, HourRange? Preferred,
        List<PastContact> Contacts, string Channel, DateTimeOffset At, bool Cease)
    {
        public ContactContext Context()
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(Zone);
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(At, zone).DateTime);
            var account = new Account("A1", "bnpl", new DateOnly(2024, 1, 1), null, null, null, null, Zone, [], Preferred, new Dictionary<string, string>());
            var snapshot = new AccountSnapshot("A1", day, Dpd, 100, 500, Hardship, PromiseDays is { } p ? day.AddDays(p) : null, LegalStatuses.None, Cease);
            return new ContactContext(account, zone, snapshot, Contacts.OrderBy(c => c.At).ToList());
        }

        public ComplianceRules Rules() => new(new ComplianceSettings { Profile = Profile }, ChannelCatalog.Default);
    }

    internal static Gen<Case> Cases =>
        from profile in Gen.Elements(ComplianceSettings.ChinaDefault, ComplianceSettings.UsRegulationF)
        from zone in Gen.Elements(Zones)
        from dpd in Gen.Choose(0, 120)
        from hardship in Gen.Elements(false, false, true)
        from promise in Gen.Choose(-3, 6)
        from preferredFrom in Gen.Choose(6, 22)
        from span in Gen.Choose(0, 5)
        from hasPreferred in Gen.Elements(false, false, true)
        from n in Gen.Choose(0, 12)
        from offsets in Gen.Choose(1, 35 * 24 * 60).ListOf(n)
        from channels in Gen.Elements(Channels).ListOf(n)
        from outcomes in Gen.Elements(Outcomes).ListOf(n)
        from minutes in Gen.Choose(0, 300 * 24 * 60) // spans every DST change of 2026
        from channel in Gen.Elements(Channels)
        from cease in Gen.Elements(false, false, false, true)
        let at = Origin.AddMinutes(minutes)
        select new Case(profile, zone, dpd, hardship, promise >= 0 ? promise : null,
            hasPreferred ? new HourRange(preferredFrom, Math.Min(23, preferredFrom + span)) : null,
            offsets.Select((o, i) => new PastContact(at.AddMinutes(-o), channels[i], outcomes[i])).ToList(), channel, at, cease);

    [Fact]
    public void Every_refusal_names_its_rule_and_that_rule_no_longer_refuses_at_the_moment_it_gives()
    {
        Prop.ForAll(Arb.From(Cases), c =>
        {
            var rules = c.Rules();
            var context = c.Context();
            foreach (var refusal in rules.Check(context, c.Channel, c.At))
            {
                if (string.IsNullOrEmpty(refusal.RuleId) || string.IsNullOrEmpty(refusal.Reason)) return false;
                if (refusal.AllowedFrom is not { } from) continue;
                if (from <= c.At) return false;
                // Judged on the same history (nothing new happens meanwhile) and the same snapshot.
                if (rules.Check(context, c.Channel, from).Any(r => r.RuleId == refusal.RuleId)) return false;
            }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }

    [Fact]
    public void The_earliest_allowed_moment_is_allowed_and_no_half_hour_before_it_is()
    {
        Prop.ForAll(Arb.From(Cases), c =>
        {
            var rules = c.Rules();
            var context = c.Context();
            var earliest = rules.EarliestAllowed(context, c.Channel, c.At, TimeSpan.FromDays(45));
            if (earliest is null) return true;
            if (!rules.IsAllowed(context, c.Channel, earliest.Value)) return false;
            for (var t = c.At; t < earliest.Value; t = t.AddMinutes(30))
                if (rules.IsAllowed(context, c.Channel, t)) return false;
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(3000));
    }
}
