using RepaymentScoring.Contract.Channels;

namespace RepaymentScoring.Planning.Tests;

/// <summary>The planner's first part alone: which actions the profile allows for a whole first week, and which channels it refuses.</summary>
public sealed class CandidateActionsTests
{
    private static Candidates Find(PlanningOptions options, int dpd = 40, string[]? optedOut = null)
    {
        var timeline = PlanningFixture.Account(dpd, optedOut);
        var rules = PlanningFixture.Rules();
        return new CandidateActions(rules, options).Find(timeline, PlanningFixture.Context(timeline), PlanningFixture.At, PlanningFixture.Models.Schema.Channels);
    }

    [Fact]
    public void Every_candidate_first_contact_keeps_the_rules_within_the_configured_hours_and_letters_go_at_the_letter_hour()
    {
        var options = new PlanningOptions { FirstHour = 9, LastHour = 18, LetterHour = 11 };
        var timeline = PlanningFixture.Account();
        var rules = PlanningFixture.Rules();
        var candidates = Find(options);

        Assert.NotEmpty(candidates.Allowed);
        Assert.All(candidates.Allowed, a =>
        {
            Assert.True(rules.IsAllowed(PlanningFixture.Context(timeline), a.Action.Channel, a.FirstContactAt), a.ToString());
            Assert.True(a.FirstContactAt >= PlanningFixture.At);
            Assert.InRange(a.Action.Hour, 9, 18);
            if (rules.Channels.Get(a.Action.Channel).Kind == ChannelKind.Mail) Assert.Equal(11, a.Action.Hour);
        });
        Assert.All(candidates.Open, o => Assert.Contains(candidates.Allowed, a => a.Action.Channel == o.Channel));
    }

    [Fact]
    public void An_opted_out_channel_and_a_visit_before_the_late_stage_are_refused_with_their_rules_and_never_allowed()
    {
        var candidates = Find(new PlanningOptions(), dpd: 40, optedOut: ["sms"]);

        Assert.DoesNotContain(candidates.Allowed, a => a.Action.Channel is "sms" or "visit");
        var sms = Assert.Single(candidates.Refused, r => r.Channel == "sms");
        Assert.NotEmpty(sms.Refusals);
        Assert.Null(sms.AllowedFrom); // consent does not come back
        var visit = Assert.Single(candidates.Refused, r => r.Channel == "visit");
        Assert.Contains(visit.Refusals, r => r.RuleId == "late_only");
        Assert.NotNull(visit.AllowedFrom);
    }

    [Fact]
    public void Only_opt_outs_are_remembered_beyond_the_rules_window()
    {
        var timeline = PlanningFixture.Account();
        var old = timeline.History with
        {
            Contacts = [.. timeline.History.Contacts,
                new Contract.Tables.Contact("C0", "A1", PlanningFixture.At.AddDays(-90), "sms", "opt_out", null, 0.5, "champion"),
                new Contract.Tables.Contact("C9", "A1", PlanningFixture.At.AddDays(-60), "phone", "no_answer", null, 0.5, "champion")],
        };

        var recent = CandidateActions.RecentContacts(old, PlanningFixture.At);

        Assert.Equal([PlanningFixture.At.AddDays(-90), PlanningFixture.At.AddDays(-7)], recent.Select(c => c.At).Order());
        Assert.Contains(recent, c => c.Outcome == "opt_out");
    }
}
