using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Features;

namespace RepaymentScoring.Planning.Tests;

/// <summary>The planner's valuing and choosing alone: value = uplift x expected recovery - costs - expected complaints x penalty; waiting is worth 0.</summary>
public sealed class ActionValuationTests
{
    private static readonly DateTimeOffset First = PlanningFixture.At.AddHours(1);

    private static (float[] State, List<Candidate> Candidates) Example()
    {
        var models = PlanningFixture.Models;
        var state = new float[models.Builder.ResponseWidth];
        models.Builder.WriteState(PlanningFixture.Account(), PlanningFixture.At, state);
        var actions = new[] { new ContactAction("phone", 7, 10), new ContactAction("phone", 1, 10), new ContactAction("sms", 7, 9), new ContactAction("email", 14, 9) };
        var candidates = actions.Select(a => new Candidate(a, ActionFeatures.Planned(a, 1), First)).ToList();
        candidates.Add(new Candidate(ContactAction.Wait, ActionFeatures.Wait, PlanningFixture.At.AddDays(7)));
        return (state, candidates);
    }

    [Fact]
    public void Each_action_is_valued_by_its_uplift_over_waiting_its_costs_and_its_expected_complaints()
    {
        var models = PlanningFixture.Models;
        var priors = PlanningFixture.Manifest.Planning;
        var options = new PlanningOptions { ComplaintPenalty = 80m };
        var (state, candidates) = Example();

        using var valued = new ActionValuation(models, priors, options).Value(state, candidates, amountDue: 800m);

        // The response model on its own rows, one per candidate, as a caller would score them.
        var rows = new float[candidates.Count * models.Builder.ResponseWidth];
        for (var k = 0; k < candidates.Count; k++)
        {
            var row = rows.AsSpan(k * models.Builder.ResponseWidth, models.Builder.ResponseWidth);
            state.CopyTo(row);
            models.Builder.WriteAction(candidates[k].Features, row[models.Builder.StateWidth..]);
        }
        var p = models.PredictResponse(rows, candidates.Count);
        var pWait = p[^1];
        for (var k = 0; k < candidates.Count; k++)
        {
            var scored = valued.Scored[k];
            var action = candidates[k].Action;
            Assert.Equal(action, scored.Action);
            Assert.Equal(p[k], scored.ResponseProbability, 1e-6);
            if (action.IsWait)
            {
                Assert.Equal(0, scored.Value);
                continue;
            }
            var n = action.ContactsPerWeek;
            var expected = (p[k] - pWait) * priors.RecoveryShare * 800 - (double)options.ChannelCosts[action.Channel] * n
                - priors.Complaint(action.Channel, candidates[k].Features.Intensity) * n * 80;
            Assert.Equal(p[k] - pWait, scored.Uplift, 1e-6);
            Assert.Equal(expected, scored.Value, 1e-4);
        }
        Assert.Equal(valued.Scored.OrderByDescending(s => s.Value).Select(s => s.Value), valued.Ranked.Select(s => s.Value));
    }

    [Fact]
    public void The_best_is_chosen_with_probability_one_without_exploration_and_a_prescribed_action_always()
    {
        var (state, candidates) = Example();
        var valuation = new ActionValuation(PlanningFixture.Models, PlanningFixture.Manifest.Planning, new PlanningOptions());
        using var valued = valuation.Value(state, candidates, 800m);

        Assert.Equal((valued.Ranked[0], 1.0), valuation.Choose(valued, prescribed: null, drawn: null, allowedCount: 4));
        var worst = valued.Ranked[^1];
        Assert.Equal((worst, 1.0), valuation.Choose(valued, worst.Action, drawn: null, allowedCount: 4));
    }

    [Fact]
    public void With_exploration_a_drawn_action_has_the_uniform_share_and_the_best_keeps_the_rest()
    {
        var (state, candidates) = Example();
        var valuation = new ActionValuation(PlanningFixture.Models, PlanningFixture.Manifest.Planning, new PlanningOptions { ExplorationRate = 0.2 });
        using var valued = valuation.Value(state, candidates, 800m);
        var other = valued.Ranked[^1];

        Assert.Equal(0.2 / 5, valuation.Choose(valued, null, other.Action, allowedCount: 4).Probability, 1e-12);
        Assert.Equal(0.2 / 5 + 0.8, valuation.Choose(valued, null, valued.Ranked[0].Action, allowedCount: 4).Probability, 1e-12);
    }

    [Fact]
    public void Equal_values_take_the_shortest_cadence_of_a_week_or_more()
    {
        var weekly = new ScoredAction(new ContactAction("email", 7, 9), First, 0.3, 0.01, 1.5);
        var fortnightly = new ScoredAction(new ContactAction("email", 14, 9), First, 0.3, 0.01, 1.5);

        Assert.True(ActionValuation.BestFirst(weekly, fortnightly) < 0);
        Assert.True(ActionValuation.BestFirst(fortnightly, weekly) > 0);
    }
}
