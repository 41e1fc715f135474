using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Simulation.Engine;
using RepaymentScoring.Simulation.Policies;

namespace RepaymentScoring.Simulation.Tests.Policies;

public sealed class LoggingStrategyTests
{
    /// <summary>Records every review the simulator hands its policy, and decides with the logging strategy.</summary>
    private sealed class Recorder(LoggingStrategy strategy) : IContactPolicy
    {
        public List<(ReviewContext Review, double? Total, PolicyDecision? Decision, double? Expected)> Seen { get; } = [];

        public IReadOnlyList<PolicyDecision?> Decide(IReadOnlyList<ReviewContext> reviews)
        {
            var decisions = new List<PolicyDecision?>();
            foreach (var review in reviews)
            {
                double? total = null;
                if (strategy.ProbabilityOf(ContactAction.Wait, review) is { } wait)
                {
                    total = wait;
                    foreach (var channel in review.Rules.Channels.ContactChannels)
                        foreach (var cadence in ContactAction.Cadences)
                            for (var hour = 0; hour < 24; hour++)
                                total += strategy.ProbabilityOf(new ContactAction(channel, cadence, hour), review)!.Value;
                }
                var decision = strategy.Decide(review);
                Seen.Add((review, total, decision, decision is null ? null : strategy.ProbabilityOf(decision.Action, review)));
                decisions.Add(decision);
            }
            return decisions;
        }
    }

    [Fact]
    public void Action_probabilities_sum_to_one_and_the_logged_one_is_recorded_exactly()
    {
        var settings = new SimulationSettings { Accounts = 150, Days = 45, Seed = 9 };
        var recorder = new Recorder(new LoggingStrategy(settings.RandomizedShare, Contract.Channels.ChannelCatalog.Default.ContactChannels));
        new PortfolioSimulator(settings, recorder).Run(new RecordingSink());
        var decided = recorder.Seen.Where(s => s.Decision is not null).ToList();
        Assert.True(decided.Count > 300, $"{decided.Count} decisions");
        Assert.All(decided, s =>
        {
            Assert.Equal(1.0, s.Total!.Value, 9);
            Assert.InRange(s.Decision!.TreatmentProbability, 1e-9, 1.0);
            Assert.Equal(s.Expected!.Value, s.Decision.TreatmentProbability, 12);
        });
    }
}
