using RepaymentScoring.Models.Registry;
using RepaymentScoring.Models.Trees;
using RepaymentScoring.Simulation;
using RepaymentScoring.Validation;

namespace RepaymentScoring.Training.Tests.Registry;

public sealed class ModelRegistryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("repay-registry-").FullName;
    private static readonly Lazy<SimulatedPortfolio> Small = new(() => SimulatedPortfolio.Generate(new SimulationSettings { Accounts = 400, Days = 90, Seed = 5, TruthReplicas = 0 }));
    private static readonly TrainingSettings Quick = new()
    {
        Propensity = new TreeSettings { MaxRounds = 20 },
        Response = new TreeSettings { MaxRounds = 20, Leaves = 16, MaxDepth = 4, MinLeafHessian = 100 },
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
        var loaded = registry.Load(registry.Current()!);
        Assert.Equal(first.Manifest.Rounds["response"] + 1, loaded.Response!.Trees); // and the levels tree
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
    public void The_next_publish_removes_the_staging_folders_of_killed_publishes_but_not_one_in_progress()
    {
        var registry = new ModelRegistry(_root, "default");
        Directory.CreateDirectory(registry.Folder);
        var killed = Directory.CreateDirectory(Path.Combine(registry.Folder, $".staging-20990101T000000Z-deadbeef-{Guid.NewGuid():N}")).FullName;
        File.WriteAllText(Path.Combine(killed, ModelRegistry.PropensityFile), "{");
        File.WriteAllText(killed + ".lock", ""); // the lock file of a process that died: no one holds it
        var running = Directory.CreateDirectory(Path.Combine(registry.Folder, $".staging-20990101T000001Z-deadbeef-{Guid.NewGuid():N}")).FullName;
        using (new FileStream(running + ".lock", FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            Train(registry);
            Assert.False(Directory.Exists(killed));
            Assert.False(File.Exists(killed + ".lock"));
            Assert.True(Directory.Exists(running));
        }
        Assert.Equal(1, registry.RemoveAbandonedStaging());
        Assert.Empty(Directory.GetFileSystemEntries(registry.Folder, ".staging-*"));
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
        Assert.Equal("fasttree", m.Trainer);
        Assert.Equal("fasttree", m.Parameters["response"]["trainer"]);
        Assert.Equal("16", m.Parameters["response"]["NumberOfLeaves"]);
        Assert.Equal("20", m.Parameters["response"]["MinimumExampleCountPerLeaf"]);
        Assert.Equal("42", m.Parameters["response"]["Seed"]);
        var lightGbm = TreeTraining.Options(Quick.Response, Quick with { Trainer = TreeTrainer.LightGbm });
        Assert.Equal("False", lightGbm["UseCategoricalSplit"]);
        Assert.Equal("100", lightGbm["Booster.MinimumChildWeight"]);
        Assert.Equal(MlNetModels.Version, m.MlNetVersion);
        Assert.Equal(ModelRegistry.CoversFile, m.Files[ModelFiles.Covers]);
        Assert.Equal(ModelRegistry.ResponseFile, m.Files[ModelFiles.Response]);
        Assert.True(m.Split.ValidFrom < m.Split.TestFrom);
        Assert.InRange(m.Metrics["propensity_auc"], 0.5, 1.0);
        Assert.True(m.Data.Dropped["response"]["censored"] > 0);
        foreach (var curve in new[] { "calibration_propensity.csv", "roc_response.csv" })
            Assert.True(File.Exists(Path.Combine(registry.PathOf(result.Version), ModelRegistry.CurvesFolder, curve)));
        var evaluation = Evaluation.EvaluationReport.FromJson(File.ReadAllText(Path.Combine(registry.PathOf(result.Version), ModelRegistry.EvaluationFile)));
        Assert.Equal(10, evaluation.Propensity.Calibration.Count);
        Assert.Contains("phone", evaluation.Response!.PerChannel.Keys);
    }

    [Theory]
    [InlineData(TreeTrainer.LightGbm)]
    [InlineData(TreeTrainer.FastTree)]
    public void Training_twice_on_the_same_data_with_the_same_seed_gives_the_same_model_files(TreeTrainer trainer)
    {
        var settings = Quick with { Trainer = trainer };
        var a = TrainingPipeline.Run(Small.Value.Histories, RepaymentScoring.Contract.Channels.ChannelCatalog.Default.ContactChannels, Small.Value.FeatureKinds, "test", settings, new ModelRegistry(_root, "a"));
        var b = TrainingPipeline.Run(Small.Value.Histories, RepaymentScoring.Contract.Channels.ChannelCatalog.Default.ContactChannels, Small.Value.FeatureKinds, "test", settings, new ModelRegistry(_root, "b"));
        Assert.Equal(a.Manifest.Data.Fingerprint, b.Manifest.Data.Fingerprint);
        foreach (var file in new[] { ModelRegistry.PropensityFile, ModelRegistry.ResponseFile, ModelRegistry.ReachFile, ModelRegistry.LevelsFile, ModelRegistry.CoversFile })
            Assert.Equal(File.ReadAllBytes(Path.Combine(_root, "a", a.Version, file)), File.ReadAllBytes(Path.Combine(_root, "b", b.Version, file)));
        Assert.Equal(trainer == TreeTrainer.FastTree ? "fasttree" : "lightgbm", a.Manifest.Trainer);
    }

    [Fact]
    public void A_version_made_by_an_earlier_build_with_xgboost_files_is_refused_with_the_fix()
    {
        var registry = new ModelRegistry(_root, "default");
        var result = Train(registry);
        var folder = registry.PathOf(result.Version);
        var manifest = File.ReadAllText(Path.Combine(folder, ModelRegistry.ManifestFile))
            .Replace("\"ml_net_version\"", "\"xgboost_version\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder, ModelRegistry.ManifestFile), manifest);
        Assert.Contains("repay train", registry.Manifest(result.Version).SchemaMismatch());
        var refused = Assert.Throws<InvalidDataException>(() => registry.Load(result.Version));
        Assert.Contains("XGBoost", refused.Message);
    }

    [Fact]
    public void A_version_whose_model_file_is_damaged_is_refused_with_the_file_named()
    {
        var registry = new ModelRegistry(_root, "default");
        var result = Train(registry);
        File.WriteAllBytes(Path.Combine(registry.PathOf(result.Version), ModelRegistry.ResponseFile), [1, 2, 3]);
        Assert.Throws<InvalidDataException>(() => registry.Load(result.Version));
        File.WriteAllText(Path.Combine(registry.PathOf(result.Version), ModelRegistry.CoversFile), "{}");
        var noCovers = Assert.Throws<InvalidDataException>(() => registry.Load(result.Version));
        Assert.Contains(ModelRegistry.CoversFile, noCovers.Message);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
