using RepaymentScoring.Simulation;
using RepaymentScoring.Validation;
using RepaymentScoring.Training.Registry;

namespace RepaymentScoring.Training.Tests.Registry;

public sealed class ModelRegistryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("repay-registry-").FullName;
    private static readonly Lazy<SimulatedPortfolio> Small = new(() => SimulatedPortfolio.Generate(new SimulationSettings { Accounts = 400, Days = 90, Seed = 5, TruthReplicas = 0 }));
    private static readonly TrainingSettings Quick = new()
    {
        Propensity = new BoosterSettings { MaxRounds = 20 },
        Response = new BoosterSettings { MaxRounds = 20, MaxDepth = 4, MinChildWeight = 100 },
        BootstrapSamples = 10,
    };

    private static TrainingResult Train(ModelRegistry registry, Action<string>? beforeRename = null) =>
        TrainingPipeline.Run(Small.Value.Histories, RepaymentScoring.Contract.Channels.ChannelCatalog.Default.ContactChannels, Small.Value.FeatureKinds, "test", Quick, registry, beforePublishRename: beforeRename);

    [Fact]
    public void A_publish_that_fails_midway_leaves_current_on_the_previous_complete_version()
    {
        var registry = new ModelRegistry(_root, "default");
        var first = Train(registry);
        Thread.Sleep(1100); // versions are named by the second
        Assert.Throws<IOException>(() => Train(registry, folder =>
        {
            File.Delete(Path.Combine(folder, ModelRegistry.ResponseFile));
            throw new IOException("disk full (simulated)");
        }));
        Assert.Equal(first.Version, registry.Current());
        Assert.Equal([first.Version], registry.Versions());
        Assert.Empty(Directory.GetDirectories(registry.Folder, ".staging-*"));
        using var loaded = registry.Load(registry.Current()!);
        Assert.Equal(first.Manifest.Rounds["response"], loaded.Response.Rounds);
    }

    [Fact]
    public void A_killed_publish_leaves_only_an_ignored_staging_folder()
    {
        var registry = new ModelRegistry(_root, "default");
        var first = Train(registry);
        // What a process killed before the rename leaves behind.
        var staging = Directory.CreateDirectory(Path.Combine(registry.Folder, $".staging-20990101T000000Z-deadbeef-{Guid.NewGuid():N}")).FullName;
        File.WriteAllText(Path.Combine(staging, ModelRegistry.PropensityFile), "{");
        Assert.Equal([first.Version], registry.Versions());
        Assert.Equal(first.Version, registry.Current());
    }

    [Fact]
    public void Versions_are_immutable_and_promote_and_rollback_move_current()
    {
        var registry = new ModelRegistry(_root, "default");
        var first = Train(registry);
        Thread.Sleep(1100); // versions are named by the second
        var second = Train(registry);
        Assert.Equal(second.Version, registry.Current());
        Assert.Equal(first.Version, registry.Rollback());
        Assert.Equal(first.Version, registry.Current());
        registry.Promote(second.Version);
        Assert.Equal(second.Version, registry.Current());
        Assert.Throws<InvalidOperationException>(() => registry.Publish(second.Version, _ => { }));
        Assert.Throws<ArgumentException>(() => registry.Promote("20990101T000000Z-00000000"));
        Assert.Null(registry.Manifest(first.Version).SchemaMismatch());
    }

    [Fact]
    public void The_manifest_records_data_features_parameters_split_and_metrics()
    {
        var registry = new ModelRegistry(_root, "default");
        var result = Train(registry);
        var m = registry.Manifest(result.Version);
        Assert.Equal(result.Manifest.Data.Fingerprint[..8], result.Version[^8..]);
        Assert.Contains("x_employment", m.Features.State);
        Assert.Contains("action_intensity", m.Features.Response);
        Assert.Equal("hist", m.Parameters["response"]["tree_method"]);
        Assert.True(m.Split.ValidFrom < m.Split.TestFrom);
        Assert.InRange(m.Metrics["propensity_auc"], 0.5, 1.0);
        Assert.True(m.Data.Dropped["response"]["censored"] > 0);
        foreach (var curve in new[] { "calibration_propensity.csv", "roc_response.csv" })
            Assert.True(File.Exists(Path.Combine(registry.PathOf(result.Version), ModelRegistry.CurvesFolder, curve)));
        var evaluation = Evaluation.EvaluationReport.FromJson(File.ReadAllText(Path.Combine(registry.PathOf(result.Version), ModelRegistry.EvaluationFile)));
        Assert.Equal(10, evaluation.Propensity.Calibration.Count);
        Assert.Contains("phone", evaluation.Response.PerChannel.Keys);
    }

    [Fact]
    public void Training_twice_on_the_same_data_with_the_same_seed_gives_the_same_models()
    {
        var a = Train(new ModelRegistry(_root, "a"));
        var b = Train(new ModelRegistry(_root, "b"));
        Assert.Equal(a.Manifest.Data.Fingerprint, b.Manifest.Data.Fingerprint);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_root, "a", a.Version, ModelRegistry.ResponseFile)),
            File.ReadAllBytes(Path.Combine(_root, "b", b.Version, ModelRegistry.ResponseFile)));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
