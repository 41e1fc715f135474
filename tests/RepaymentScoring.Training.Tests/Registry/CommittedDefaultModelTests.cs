using RepaymentScoring.Training.Registry;

namespace RepaymentScoring.Training.Tests.Registry;

/// <summary>The model committed in models/default is the one the service starts with: it must fit this build.</summary>
public sealed class CommittedDefaultModelTests
{
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RepaymentScoring.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root.");
    }

    [Fact]
    public void The_committed_default_model_fits_the_features_this_build_produces()
    {
        var registry = new ModelRegistry(Path.Combine(RepoRoot(), "models"), "default");
        var current = registry.Current();
        Assert.NotNull(current);
        var manifest = registry.Manifest(current);
        Assert.True(manifest.SchemaMismatch() is null,
            $"models/default/{current} no longer fits this build ({manifest.SchemaMismatch()}): retrain it with 'repay train --from data-samples' (scripts/run.sh does so).");
        using var models = registry.Load(current);
        Assert.Equal(manifest.Features.Response.Count, models.Response.Features);
        Assert.Equal(manifest.Features.State.Count, models.Propensity.Features);
    }
}
