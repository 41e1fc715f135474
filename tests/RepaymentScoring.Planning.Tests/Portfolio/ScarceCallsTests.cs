using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Planning.Portfolio;
using RepaymentScoring.Simulation;
using RepaymentScoring.Simulation.Engine;
using RepaymentScoring.Training;
using Xunit.Abstractions;

namespace RepaymentScoring.Planning.Tests.Portfolio;

/// <summary>
/// A simulated portfolio planned when calls are scarce, with a model trained on another simulated
/// portfolio (the committed default model, trained on 2,000 accounts, hardly ever calls).
/// </summary>
public sealed class ScarceCallsTests(ITestOutputHelper output)
{
    [Fact]
    public void With_calls_for_a_tenth_of_the_accounts_the_plan_is_worth_at_least_calling_the_highest_propensities()
    {
        var folder = Directory.CreateTempSubdirectory("scarce-calls-").FullName;
        try
        {
            var training = new HistoryRecorder();
            new PortfolioSimulator(new SimulationSettings { Accounts = 6000, Days = 90, Seed = 18, TruthReplicas = 0 }).Run(training);
            var registry = new ModelRegistry(folder, "scarce");
            var histories = training.Histories();
            var version = TrainingPipeline.Run(histories, ChannelCatalog.Default.ContactChannels,
                FeatureKinds.Infer(histories.Select(h => h.Account).ToList(), PortfolioSimulator.FeatureColumns), "simulated",
                new TrainingSettings { Seed = 3 }, registry).Version;
            var models = registry.Load(version);
            PlanScarceCalls(new Planner(models, registry.Manifest(version), new ComplianceRules(new ComplianceSettings(), ChannelCatalog.Default), new PlanningOptions()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private void PlanScarceCalls(Planner planner)
    {
        var options = new PlanningOptions();
        var simulator = new PortfolioSimulator(new SimulationSettings { Accounts = 3000, Days = 45, Seed = 77, TruthReplicas = 0 });
        var recorder = new HistoryRecorder();
        simulator.Run(recorder);
        var at = new DateTimeOffset(simulator.DateOf(45).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        var plans = recorder.Histories().Where(h => BatchScoring.InCollection(h, at)).Select(h => planner.Plan(h, at, new Random(1), reasons: ReasonsMethod.None)).ToList();
        var choices = plans.Select(p => PortfolioPlanning.OptionsOf(p, options)).ToList();
        var calls = PortfolioAllocator.Allocate(choices, PortfolioLimits.Unlimited).AccountsByChannel.GetValueOrDefault("phone");
        var capacity = calls / 10;
        // A scenario check, not the behaviour under test: a few calls to share out, so the limit binds.
        Assert.True(capacity >= 5, $"the unconstrained plan calls only {calls} accounts");

        var allocation = PortfolioAllocator.Allocate(choices, new PortfolioLimits(new Dictionary<string, int> { ["phone"] = capacity }, null));

        // The alternative: calls go to the accounts of highest propensity that may be called; everyone else gets their best other option.
        var called = Enumerable.Range(0, plans.Count).Where(i => choices[i].Any(o => o.Action.Channel == "phone"))
            .OrderByDescending(i => plans[i].Propensity30d).Take(capacity).ToHashSet();
        var byPropensity = Enumerable.Range(0, plans.Count).Sum(i =>
            choices[i].Where(o => (o.Action.Channel == "phone") == called.Contains(i)).Select(o => o.Value).DefaultIfEmpty(0).Max());

        output.WriteLine($"{plans.Count} plans, {calls} calls unconstrained, capacity {capacity}: portfolio plan {allocation.Value:0.0} (bound {allocation.UpperBound:0.0}), highest propensities called {byPropensity:0.0}");
        Assert.True(allocation.AccountsByChannel.GetValueOrDefault("phone") <= capacity);
        Assert.True(allocation.Value >= byPropensity, $"portfolio plan {allocation.Value:0.0} < highest propensities called {byPropensity:0.0}");
        Assert.True(allocation.Value < PortfolioAllocator.Allocate(choices, PortfolioLimits.Unlimited).Value, "the limit costs nothing: the test shows nothing");
    }
}
