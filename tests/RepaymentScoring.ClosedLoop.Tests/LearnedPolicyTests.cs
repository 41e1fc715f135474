using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Planning;
using RepaymentScoring.Planning.Portfolio;
using RepaymentScoring.Simulation;
using RepaymentScoring.Simulation.Engine;
using RepaymentScoring.Simulation.Policies;

namespace RepaymentScoring.ClosedLoop.Tests;

/// <summary>The learned policy under a day's channel capacities.</summary>
public sealed class LearnedPolicyTests
{
    /// <summary>Passes decisions through and remembers how many of each channel were taken per call (day).</summary>
    private sealed class Counting(IContactPolicy inner) : IContactPolicy
    {
        public List<Dictionary<string, int>> Days { get; } = [];
        public List<PolicyDecision?> Decisions { get; } = [];

        public IReadOnlyList<PolicyDecision?> Decide(IReadOnlyList<ReviewContext> reviews)
        {
            var decisions = inner.Decide(reviews);
            Decisions.AddRange(decisions);
            Days.Add(decisions.OfType<PolicyDecision>().Where(d => !d.Action.IsWait).GroupBy(d => d.Action.Channel).ToDictionary(g => g.Key, g => g.Count()));
            return decisions;
        }
    }

    [Fact]
    public void Under_capacity_no_day_starts_more_contacts_of_a_channel_than_its_capacity()
    {
        var registry = new ModelRegistry(Path.Combine(RepaymentScoring.Tests.Shared.RepositoryRoot.Path, "models"), "default");
        var models = registry.Load(registry.Current()!);
        var rules = new ComplianceRules(new ComplianceSettings(), ChannelCatalog.Default);
        var options = new PlanningOptions();
        var planner = new Planner(models, registry.Manifest(registry.Current()!), rules, options);
        var settings = new SimulationSettings { Accounts = 600, Days = 10, Seed = 5, TruthReplicas = 0 };
        var freeRecorder = new HistoryRecorder();
        var unlimited = new Counting(new LearnedPolicy(planner, options, freeRecorder, PortfolioLimits.Unlimited, seed: 1));
        new PortfolioSimulator(settings, unlimited, rules).Run(freeRecorder);
        // Half the busiest day of the two channels the model uses most: limits that bind, whatever the model.
        var busiest = unlimited.Days.SelectMany(d => d).GroupBy(d => d.Key).Select(g => (Channel: g.Key, Max: g.Max(d => d.Value)))
            .OrderByDescending(c => c.Max).Take(2).ToDictionary(c => c.Channel, c => Math.Max(1, c.Max / 2));
        Assert.Equal(2, busiest.Count);
        var limits = new PortfolioLimits(busiest, null);
        var recorder = new HistoryRecorder();
        var policy = new Counting(new LearnedPolicy(planner, options, recorder, limits, seed: 1));

        var simulator = new PortfolioSimulator(settings, policy, rules);
        var violations = Enumerable.Range(0, settings.Days).Sum(_ => simulator.StepDay(recorder).Violations);

        Assert.All(policy.Days, day => Assert.All(busiest, limit => Assert.True(day.GetValueOrDefault(limit.Key) <= limit.Value,
            $"{day.GetValueOrDefault(limit.Key)} {limit.Key} contacts started on one day, capacity {limit.Value}")));
        Assert.All(busiest, limit => Assert.True(policy.Days.Sum(d => d.GetValueOrDefault(limit.Key)) < unlimited.Days.Sum(d => d.GetValueOrDefault(limit.Key))));
        Assert.Equal(0, violations);
    }

    [Fact]
    public void Under_capacity_the_day_is_a_portfolio_plan_that_never_explores_even_when_every_plan_would()
    {
        var registry = new ModelRegistry(Path.Combine(RepaymentScoring.Tests.Shared.RepositoryRoot.Path, "models"), "default");
        var models = registry.Load(registry.Current()!);
        var manifest = registry.Manifest(registry.Current()!);
        var rules = new ComplianceRules(new ComplianceSettings(), ChannelCatalog.Default);
        var settings = new SimulationSettings { Accounts = 400, Days = 10, Seed = 9, TruthReplicas = 0 };
        var limits = new PortfolioLimits(new Dictionary<string, int> { ["phone"] = 5, ["visit"] = 1 }, null);

        Counting Run(double explorationRate)
        {
            var options = new PlanningOptions { ExplorationRate = explorationRate };
            var recorder = new HistoryRecorder();
            var policy = new Counting(new LearnedPolicy(new Planner(models, manifest, rules, options), options, recorder, limits, seed: 1));
            new PortfolioSimulator(settings, policy, rules).Run(recorder);
            return policy;
        }

        var exploring = Run(1.0);
        var champion = Run(0);

        Assert.True(exploring.Decisions.Count > 100, $"{exploring.Decisions.Count} decisions");
        Assert.All(exploring.Decisions, d => Assert.True(d is { TreatmentProbability: 1.0, Strategy: Plan.Champion }, $"{d}"));
        Assert.Equal(champion.Decisions, exploring.Decisions);
    }
}
