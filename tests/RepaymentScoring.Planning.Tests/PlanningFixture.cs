using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Features;
using RepaymentScoring.Models;
using RepaymentScoring.Models.Registry;

namespace RepaymentScoring.Planning.Tests;

/// <summary>The committed default model and one fixed account, for the tests of the planner's parts.</summary>
internal static class PlanningFixture
{
    private static readonly Lazy<(TrainedModels Models, ModelManifest Manifest)> Loaded = new(() =>
    {
        var registry = new ModelRegistry(Path.Combine(RepaymentScoring.Tests.Shared.RepositoryRoot.Path, "models"), "default");
        return (registry.Load(registry.Current()!), registry.Manifest(registry.Current()!));
    });

    public static TrainedModels Models => Loaded.Value.Models;
    public static ModelManifest Manifest => Loaded.Value.Manifest;

    public static readonly DateTimeOffset At = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    /// <summary>An account <paramref name="dpd"/> days past due in Shanghai, called once a week ago, with the given opt-outs; planned on a Monday morning.</summary>
    public static AccountTimeline Account(int dpd = 40, string[]? optedOut = null)
    {
        var account = new Account("A1", "personal_loan", new DateOnly(2023, 3, 1), null, 9000m, 41, "east", "Asia/Shanghai", optedOut ?? [], null,
            new Dictionary<string, string> { ["employment"] = "employed", ["income_band"] = "middle", ["digital_engagement"] = "12", ["bureau_score"] = "610" });
        return new AccountTimeline(new AccountHistory(account,
            [new AccountSnapshot("A1", new DateOnly(2026, 3, 2), dpd, 800m, 2400m, false, null, LegalStatuses.None, false)],
            [new Contact("C1", "A1", At.AddDays(-7), "phone", "no_answer", 2.5m, 0.8, "champion", 7)],
            []));
    }

    public static ContactContext Context(AccountTimeline timeline) =>
        new(timeline.History.Account, timeline.Zone, timeline.History.Snapshots[^1], CandidateActions.RecentContacts(timeline.History, At));

    public static ComplianceRules Rules(ComplianceSettings? settings = null) => new(settings ?? new ComplianceSettings(), ChannelCatalog.Default);
}
