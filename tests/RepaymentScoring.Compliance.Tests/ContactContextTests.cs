using FsCheck;
using FsCheck.Fluent;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Compliance.Tests;

/// <summary>
/// A context grown from another (a plan's week: the history plus planned contacts) keeps what the
/// first one worked out, and judges exactly as a context built afresh over the same contacts.
/// </summary>
public sealed class ContactContextTests
{
    private static readonly string[] Zones = ["Asia/Shanghai", "America/Chicago", "Europe/London", "Australia/Sydney"];
    private static readonly string[] Channels = ["phone", "sms", "email", "letter", "visit"];
    private static readonly string[] Outcomes = ["no_answer", "right_party_contact", "delivered", "opt_out", "sent"];
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero); // a month with DST changes in three zones

    private static Account Account(string zone) =>
        new("A1", "bnpl", new DateOnly(2024, 1, 1), null, null, null, null, zone, [], null, new Dictionary<string, string>());

    private static Gen<PastContact> Contact(int fromHour, int toHour) =>
        from hours in Gen.Choose(fromHour, toHour)
        from minutes in Gen.Choose(0, 59)
        from channel in Gen.Elements(Channels)
        from outcome in Gen.Frequency((6, Gen.Elements(Outcomes.Where(o => o != "opt_out").ToArray())), (1, Gen.Constant("opt_out")))
        select new PastContact(Start.AddHours(hours).AddMinutes(minutes), channel, outcome);

    [Fact]
    public void A_grown_context_refuses_exactly_what_a_fresh_context_over_the_same_contacts_refuses()
    {
        var gen = from zone in Gen.Elements(Zones)
                  from profile in Gen.Elements(ComplianceSettings.ChinaDefault, ComplianceSettings.UsRegulationF)
                  from historyCount in Gen.Choose(0, 40)
                  from history in Gen.ListOf(Contact(0, 20 * 24), historyCount)
                  from plannedCount in Gen.Choose(1, 8)
                  from planned in Gen.ListOf(Contact(20 * 24, 27 * 24), plannedCount)
                  from probeCount in Gen.Choose(1, 12)
                  from probes in Gen.ListOf(
                      from hours in Gen.Choose(0, 30 * 24)
                      from channel in Gen.Elements(Channels)
                      select (At: Start.AddHours(hours), Channel: channel), probeCount)
                  select (zone, profile, history: history.OrderBy(c => c.At).ToList(), planned: planned.OrderBy(c => c.At).ToList(), probes);
        Prop.ForAll(Arb.From(gen), c =>
        {
            var rules = new ComplianceRules(new ComplianceSettings { Profile = c.profile }, ChannelCatalog.Default);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(c.zone);
            var snapshot = new AccountSnapshot("A1", new DateOnly(2026, 3, 1), 100, 100, 500, false, null, LegalStatuses.None, false);
            var parent = new ContactContext(Account(c.zone), zone, snapshot, c.history);
            var before = c.probes.Select(p => Ids(rules.Check(parent, p.Channel, p.At))).ToList(); // fills the parent's caches
            var contacts = new List<PastContact>(c.history);
            var grown = new ContactContext(parent, contacts);
            foreach (var p in c.planned) // the contacts arrive one by one, as a week is checked
            {
                contacts.Add(p);
                var fresh = new ContactContext(Account(c.zone), zone, snapshot, [.. contacts]);
                foreach (var probe in c.probes)
                    if (Ids(rules.Check(grown, probe.Channel, probe.At)) != Ids(rules.Check(fresh, probe.Channel, probe.At))) return false;
            }
            // The parent still judges its own contacts only.
            return c.probes.Select(p => Ids(rules.Check(parent, p.Channel, p.At))).SequenceEqual(before);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_planned_moment_is_kept_as_its_own_local_time_on_every_hour_of_a_year_of_daylight_saving_changes()
    {
        // Whole-hour, half-hour (Lord Howe) and off-hour-offset (St John's) changes, and no change at all.
        string[] zones = ["America/Chicago", "Europe/London", "Australia/Sydney", "Australia/Lord_Howe", "America/St_Johns", "Asia/Shanghai"];
        var snapshot = new AccountSnapshot("A1", new DateOnly(2026, 1, 1), 10, 100, 500, false, null, LegalStatuses.None, false);
        foreach (var name in zones)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(name);
            var context = new ContactContext(Account(name), zone, snapshot, []);
            for (var day = new DateOnly(2026, 1, 1); day.Year == 2026; day = day.AddDays(1))
                for (var hour = 0; hour < 24; hour++)
                {
                    var moment = context.MomentAt(day, hour);
                    var local = context.LocalTime(moment);
                    var converted = TimeZoneInfo.ConvertTime(moment, zone);
                    Assert.True(local.DateTime == converted.DateTime && local.Offset == converted.Offset,
                        $"{name} {day} {hour}:00: kept {local:O}, converted {converted:O}");
                }
        }
    }

    private static string Ids(IReadOnlyList<Refusal> refusals) => string.Join(',', refusals.Select(r => $"{r.RuleId}@{r.AllowedFrom:O}"));
}
