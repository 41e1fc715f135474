using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Features;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Planning.Portfolio;
using RepaymentScoring.Simulation;
using RepaymentScoring.Simulation.Engine;
using RepaymentScoring.Training;

namespace RepaymentScoring.Planning.Tests;

/// <summary>
/// A lender with accounts, snapshots and payments but no contact log yet trains a version that holds the
/// propensity model alone; its plans follow the rules baseline, value nothing and give the propensity's reasons.
/// </summary>
public sealed class RulesVersionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rules-version-").FullName;

    [Fact]
    public void A_history_without_contacts_publishes_a_propensity_model_whose_plans_follow_the_rules()
    {
        var recorder = new HistoryRecorder();
        new PortfolioSimulator(new SimulationSettings { Accounts = 600, Days = 90, Seed = 11, TruthReplicas = 0 }).Run(recorder);
        var histories = recorder.Histories().Select(h => h with { Contacts = [] }).ToList();
        var registry = new ModelRegistry(_folder, "default");
        var result = TrainingPipeline.Run(histories, ChannelCatalog.Default.ContactChannels,
            FeatureKinds.Infer(histories.Select(h => h.Account).ToList(), PortfolioSimulator.FeatureColumns), "no contacts",
            new TrainingSettings { Seed = 3, BootstrapSamples = 10 }, registry);

        Assert.Contains("no contacts", result.Manifest.NoResponseModel);
        Assert.Null(result.Evaluation.Response);
        Assert.InRange(result.Manifest.Metrics["propensity_auc"], 0.55, 1);
        var folder = registry.PathOf(result.Version);
        Assert.True(File.Exists(Path.Combine(folder, ModelRegistry.PropensityFile)));
        Assert.False(File.Exists(Path.Combine(folder, ModelRegistry.ResponseFile)));

        var models = registry.Load(result.Version);
        Assert.False(models.HasResponse);
        var rules = new ComplianceRules(new ComplianceSettings(), ChannelCatalog.Default);
        var planner = new Planner(models, registry.Manifest(result.Version), rules, new PlanningOptions());
        Assert.False(planner.ValuesActions);
        var at = histories.SelectMany(h => h.Snapshots).Max(s => s.AsOf).ToDateTime(TimeOnly.MinValue) is var day
            ? new DateTimeOffset(day, TimeSpan.Zero).AddHours(-12) : default;
        var planned = 0;
        var contacts = 0;
        foreach (var history in histories)
        {
            var timeline = new AccountTimeline(history);
            if (!BatchScoring.InCollection(timeline, at)) continue;
            var plan = planner.Plan(timeline, at, new Random(1));
            planned++;
            Assert.Equal(Plan.Rules, plan.Strategy);
            Assert.Null(plan.Uplift7d);
            Assert.Null(plan.ExpectedValue);
            Assert.Empty(plan.Alternatives);
            Assert.Equal(1, plan.TreatmentProbability);
            Assert.InRange(plan.Propensity30d, 0, 1);
            // The rules' first preference that the profile allows now, else waiting.
            var snapshot = history.Snapshots[timeline.LatestSnapshotAt(at)];
            var expected = RulesBaseline.Preferences(snapshot, history.Account.PreferredHours)
                .FirstOrDefault(a => plan.Allowed.Any(x => x.Action == a), Contract.Actions.ContactAction.Wait);
            Assert.Equal(expected, plan.Action);
            if (!plan.Action.IsWait) contacts++;
            Assert.NotEmpty(plan.Reasons);
            Assert.All(plan.Reasons, r => Assert.Contains(r[..r.LastIndexOf(':')], models.Schema.StateNames));
        }
        Assert.True(planned > 100, $"{planned} accounts planned");
        Assert.True(contacts > planned / 2, $"{contacts} of {planned} plans contact");
        Assert.Throws<InvalidOperationException>(() => PortfolioPlanning.Run(histories, at, planner, new PlanningOptions(),
            new PortfolioLimits(new Dictionary<string, int>(), null), _ => { }));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
