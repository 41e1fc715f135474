using RepaymentScoring.Models.Registry;

namespace RepaymentScoring.Training.Tests.Registry;

/// <summary>The model committed in models/default is the one the service starts with: it must fit this build.</summary>
public sealed class CommittedDefaultModelTests
{
    [Fact]
    public void The_committed_default_model_fits_the_features_this_build_produces()
    {
        var registry = new ModelRegistry(Path.Combine(RepaymentScoring.Tests.Shared.RepositoryRoot.Path, "models"), "default");
        var current = registry.Current();
        Assert.NotNull(current);
        var manifest = registry.Manifest(current);
        Assert.True(manifest.SchemaMismatch() is null,
            $"models/default/{current} no longer fits this build ({manifest.SchemaMismatch()}): retrain it with 'repay train --from data-samples' (scripts/run.sh does so).");
        var models = registry.Load(current);
        Assert.Equal(manifest.Features.Response.Count, models.Response!.Features);
        Assert.Equal(manifest.Features.State.Count, models.Propensity.Features);
    }
}
