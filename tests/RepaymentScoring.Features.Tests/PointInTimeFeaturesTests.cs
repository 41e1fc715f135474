using FsCheck;
using FsCheck.Fluent;
using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Features.Tests;

public sealed class PointInTimeFeaturesTests
{
    private static FeatureSchema Schema() =>
        new(["email", "letter", "phone", "sms", "visit"], [new ExtraFeature("score", ExtraFeature.Numeric, []), new ExtraFeature("segment", ExtraFeature.Categorical, [])]);

    private static float[] Features(AccountHistory h, DateTimeOffset at, ActionFeatures action)
    {
        var builder = new FeatureBuilder(Schema());
        var row = new float[builder.ResponseWidth];
        builder.WriteResponse(new AccountTimeline(h), at, action, row);
        return row;
    }

    [Fact]
    public void Appending_any_later_rows_never_changes_an_earlier_decisions_features()
    {
        const int Days = 120;
        var gen =
            from snapshots in HistoryGenerators.UpTo(HistoryGenerators.Snapshot(Days), 20)
            from contacts in HistoryGenerators.UpTo(HistoryGenerators.Contact(Days * 1440), 40)
            from payments in HistoryGenerators.UpTo(HistoryGenerators.Payment(Days * 1440), 10)
            from cutMinute in Gen.Choose(0, Days * 1440)
            from laterSnapshots in HistoryGenerators.UpTo(HistoryGenerators.Snapshot(Days), 10)
            from laterContacts in HistoryGenerators.UpTo(HistoryGenerators.Contact(Days * 1440), 20)
            from laterPayments in HistoryGenerators.UpTo(HistoryGenerators.Payment(Days * 1440), 10)
            from hour in Gen.Choose(8, 20)
            select (snapshots, contacts, payments, cutMinute, laterSnapshots, laterContacts, laterPayments, hour);
        Prop.ForAll(Arb.From(gen), c =>
        {
            var account = HistoryGenerators.Account();
            var zone = TimeZoneInfo.FindSystemTimeZoneById(account.TimeZone);
            var at = HistoryGenerators.Start.AddMinutes(c.cutMinute);
            bool Before(AccountSnapshot s) => Contract.Time.LocalDays.StartOf(s.AsOf, zone) <= at;
            var earlier = HistoryGenerators.History(account, c.snapshots.Where(Before), c.contacts.Where(x => x.ContactedAt < at), c.payments.Where(p => p.PaidAt < at));
            // Later rows: anything strictly after the decision (snapshots describing a later moment).
            var later = HistoryGenerators.History(account,
                earlier.Snapshots.Concat(c.laterSnapshots.Where(s => !Before(s))),
                earlier.Contacts.Concat(c.laterContacts.Where(x => x.ContactedAt >= at)),
                earlier.Payments.Concat(c.laterPayments.Where(p => p.PaidAt >= at)));
            var action = new ActionFeatures("phone", 2, c.hour);
            var a = Features(earlier, at, action);
            var b = Features(later, at, action);
            return a.Zip(b).All(p => p.First.Equals(p.Second));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Features_read_the_latest_snapshot_and_count_contacts_per_channel()
    {
        var account = HistoryGenerators.Account("UTC");
        var h = HistoryGenerators.History(account,
            [new AccountSnapshot("A1", new DateOnly(2026, 1, 1), 10, 300m, 1200m, false, null, LegalStatuses.None, false),
             new AccountSnapshot("A1", new DateOnly(2026, 1, 8), 17, 350m, 1250m, true, null, LegalStatuses.PreLegal, false)],
            [new Contact("C1", "A1", new DateTimeOffset(2026, 1, 9, 10, 0, 0, TimeSpan.Zero), "phone", "complaint", 2m, 0.8, "champion"),
             new Contact("C2", "A1", new DateTimeOffset(2026, 1, 10, 10, 0, 0, TimeSpan.Zero), "sms", "delivered", 0.1m, 0.8, "champion")],
            [new Payment("P1", "A1", new DateTimeOffset(2026, 1, 3, 10, 0, 0, TimeSpan.Zero), 50m)]);
        var schema = Schema();
        var row = Features(h, new DateTimeOffset(2026, 1, 11, 9, 0, 0, TimeSpan.Zero), new ActionFeatures("sms", 2, 18));
        float F(string name) => row[schema.IndexOf(name)];
        Assert.Equal(20, F("days_past_due")); // 17 at the snapshot of the 8th, rolled forward 3 days
        Assert.Equal(350, F("amount_due"));
        Assert.Equal(1, F("hardship"));
        Assert.Equal(1, F("legal_pre_legal"));
        Assert.Equal(1, F("phone_7d"));
        Assert.Equal(1, F("sms_7d"));
        Assert.Equal(0, F("email_30d"));
        Assert.Equal(1, F("complaints_60d"));
        Assert.Equal(1, F("payments_30d"));
        Assert.Equal(612, F("x_score"));
        Assert.Equal(0, F("x_segment"));
        Assert.Equal(1, F("action_sms"));
        Assert.Equal(2, F("action_intensity"));
        Assert.Equal(18, F("action_hour"));
        Assert.True(float.IsNaN(F("email_days_since")));
    }

    [Fact]
    public void A_frozen_schema_reads_unseen_categories_as_missing()
    {
        var schema = Schema();
        var builder = new FeatureBuilder(schema);
        var row = new float[builder.StateWidth];
        var gold = HistoryGenerators.History(HistoryGenerators.Account("UTC"), [], [], []);
        builder.WriteState(new AccountTimeline(gold), HistoryGenerators.Start, row);
        schema.Frozen = true;
        var platinum = gold with { Account = gold.Account with { Features = new Dictionary<string, string> { ["segment"] = "platinum" }, Region = "mars" } };
        builder.WriteState(new AccountTimeline(platinum), HistoryGenerators.Start, row);
        Assert.True(float.IsNaN(row[schema.IndexOf("x_segment")]));
        Assert.True(float.IsNaN(row[schema.IndexOf("region")]));
        Assert.Equal(["gold"], schema.Extras[1].Categories);
    }
}
