using FsCheck;
using FsCheck.Fluent;
using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Models;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Planning;
using RepaymentScoring.Planning.Portfolio;
using RepaymentScoring.Simulation;
using RepaymentScoring.Simulation.Engine;
using RepaymentScoring.Simulation.Policies;

namespace RepaymentScoring.ClosedLoop.Tests;

/// <summary>Policies driving small simulated portfolios day by day, with the committed default model for the learned one.</summary>
public sealed class ClosedLoopSimulationTests
{
    private static readonly SimulationSettings Small = new() { Accounts = 600, Days = 21, Seed = 101 };
    private readonly ModelRegistry _registry = new(Path.Combine(RepaymentScoring.Tests.Shared.RepositoryRoot.Path, "models"), "default");
    private readonly TrainedModels _models;

    public ClosedLoopSimulationTests() => _models = _registry.Load(_registry.Current()!);


    private Planner PlannerFor(ComplianceRules rules, PlanningOptions options) =>
        new(_models, _registry.Manifest(_registry.Current()!), rules, options);

    public static TheoryData<string, string> PoliciesAndProfiles() => new()
    {
        { "rules", ComplianceSettings.ChinaDefault }, { "random", ComplianceSettings.ChinaDefault }, { "learned", ComplianceSettings.ChinaDefault },
        { "rules", ComplianceSettings.UsRegulationF }, { "random", ComplianceSettings.UsRegulationF }, { "learned", ComplianceSettings.UsRegulationF },
        { "oracle", ComplianceSettings.ChinaDefault }, { "oracle", ComplianceSettings.UsRegulationF },
    };

    [Theory]
    [MemberData(nameof(PoliciesAndProfiles))]
    public void Every_policy_contacts_customers_and_never_breaks_a_rule(string policy, string profile)
    {
        var rules = new ComplianceRules(new ComplianceSettings { Profile = profile }, ChannelCatalog.Default);
        var options = new PlanningOptions { ExplorationRate = 0.1 };
        var report = ClosedLoopSimulation.Run(policy, Small, rules, PortfolioLimits.Unlimited, PlannerFor(rules, options), options);

        Assert.Equal(Small.Days, report.Days.Count);
        Assert.True(report.Contacts > 100, $"{report.Contacts} contacts");
        Assert.True(report.Recovered > 0);
        Assert.Equal(0, report.Violations);
    }

    [Fact]
    public void On_generated_portfolios_the_learned_policy_never_breaks_a_rule()
    {
        var cases =
            from seed in Gen.Choose(1, 1_000_000)
            from profile in Gen.Elements(ComplianceSettings.ChinaDefault, ComplianceSettings.UsRegulationF)
            from exploration in Gen.Elements(0.0, 0.3)
            from snapshotEvery in Gen.Elements(1, 7)
            select (seed, profile, exploration, snapshotEvery);
        Prop.ForAll(Arb.From(cases), c =>
        {
            var rules = new ComplianceRules(new ComplianceSettings { Profile = c.profile }, ChannelCatalog.Default);
            var options = new PlanningOptions { ExplorationRate = c.exploration };
            var settings = new SimulationSettings { Accounts = 250, Days = 28, Seed = (ulong)c.seed, SnapshotEveryDays = c.snapshotEvery };
            var report = ClosedLoopSimulation.Run("learned", settings, rules, PortfolioLimits.Unlimited, PlannerFor(rules, options), options);
            return report.Violations == 0 && report.Contacts > 0;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(12));
    }

    /// <summary>Calls everyone at 03:00 local time, which every profile forbids.</summary>
    private sealed class NightCaller : IContactPolicy
    {
        public IReadOnlyList<PolicyDecision?> Decide(IReadOnlyList<ReviewContext> reviews) =>
            reviews.Select(_ => (PolicyDecision?)new PolicyDecision(new ContactAction("phone", 7, 3), 1, "night")).ToArray();
    }

    [Fact]
    public void The_truth_oracle_recovers_more_net_of_costs_than_the_rules_and_random()
    {
        var rules = new ComplianceRules(new ComplianceSettings(), ChannelCatalog.Default);
        var settings = Small with { Accounts = 2_000, Days = 28 };
        decimal Net(string policy) => ClosedLoopSimulation.Run(policy, settings, rules, PortfolioLimits.Unlimited).NetRecovery;
        var (oracle, baseline, random) = (Net("oracle"), Net("rules"), Net("random"));
        Assert.True(oracle > baseline && baseline > random, $"net recovery: oracle {oracle:0}, rules {baseline:0}, random {random:0}");
    }

    [Fact]
    public void The_simulator_counts_a_forbidden_decision_as_a_violation_and_never_makes_the_contact()
    {
        var simulator = new PortfolioSimulator(Small with { TruthReplicas = 0 }, new NightCaller());
        var recorder = new HistoryRecorder();
        var days = Enumerable.Range(0, 7).Select(_ => simulator.StepDay(recorder)).ToList();

        Assert.Equal(days.Sum(d => d.Decisions), days.Sum(d => d.Violations));
        Assert.True(days.Sum(d => d.Violations) > 100);
        Assert.Equal(0, days.Sum(d => d.Contacts));
    }

    [Fact]
    public void Daily_rows_add_up_to_the_totals_and_recovery_is_net_of_contact_costs()
    {
        var rules = new ComplianceRules(new ComplianceSettings(), ChannelCatalog.Default);
        var report = ClosedLoopSimulation.Run("rules", Small, rules, PortfolioLimits.Unlimited);
        var path = Path.Combine(Path.GetTempPath(), $"closed-loop-{Guid.NewGuid():N}.csv");
        try
        {
            ClosedLoopSimulation.WriteCsv(report, path);
            var lines = File.ReadAllLines(path);
            var header = lines[0].Split(',');
            var rows = lines[1..].Select(l => l.Split(',')).ToList();
            Assert.Equal(Small.Days + 1, rows.Count);
            Assert.Equal("total", rows[^1][Array.IndexOf(header, "day")]);
            foreach (var column in new[] { "recovered", "contact_cost", "net_recovery", "contacts", "contacts_phone", "complaints", "cures" })
            {
                var i = Array.IndexOf(header, column);
                Assert.True(i >= 0, column);
                var sum = rows[..^1].Sum(r => decimal.Parse(r[i], System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(decimal.Parse(rows[^1][i], System.Globalization.CultureInfo.InvariantCulture), sum);
            }
            Assert.Equal(report.Recovered - report.ContactCost, report.NetRecovery);
            Assert.Equal(report.Contacts, report.Channels.Sum(report.ContactsBy));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_same_seed_and_policy_give_the_same_run()
    {
        var rules = new ComplianceRules(new ComplianceSettings(), ChannelCatalog.Default);
        var options = new PlanningOptions { ExplorationRate = 0.2 };
        var a = ClosedLoopSimulation.Run("learned", Small with { Days = 10 }, rules, PortfolioLimits.Unlimited, PlannerFor(rules, options), options);
        var b = ClosedLoopSimulation.Run("learned", Small with { Days = 10 }, rules, PortfolioLimits.Unlimited, PlannerFor(rules, options), options);
        Assert.Equal(a.Days.Select(d => (d.Recovered, d.Contacts, d.Complaints)), b.Days.Select(d => (d.Recovered, d.Contacts, d.Complaints)));
    }

    [Fact]
    public void An_unknown_policy_is_refused_naming_the_known_ones()
    {
        var rules = new ComplianceRules(new ComplianceSettings(), ChannelCatalog.Default);
        var error = Assert.Throws<ArgumentException>(() => ClosedLoopSimulation.Run("greedy", Small, rules, PortfolioLimits.Unlimited));
        Assert.Contains("learned, rules, random", error.Message);
        Assert.Contains("trained model", Assert.Throws<ArgumentException>(() => ClosedLoopSimulation.Run("learned", Small, rules, PortfolioLimits.Unlimited)).Message);
    }
}
