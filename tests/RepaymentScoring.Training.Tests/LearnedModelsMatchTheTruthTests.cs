using RepaymentScoring.Simulation;
using RepaymentScoring.Validation;

namespace RepaymentScoring.Training.Tests;

/// <summary>
/// Trains on a simulated portfolio with known truth and judges the models by it, out of time, with the
/// issue's margins. CI-sized (8,000 accounts); 'repay-validate simulated' runs the full 20,000 x 120.
/// </summary>
public sealed class LearnedModelsMatchTheTruthTests : IDisposable
{
    private readonly string _models = Directory.CreateTempSubdirectory("repay-models-").FullName;

    [Fact]
    public void Propensity_auc_is_within_003_of_the_truths_auc_and_uplift_ranks_like_the_true_uplift()
    {
        var portfolio = new SimulationSettings { Accounts = 8_000, Days = 120, Seed = 18, TruthReplicas = 4 };
        var c = SimulatedTruthValidation.Run(portfolio, new TrainingSettings { Seed = 3 }, _models);
        Assert.True(c.PropensityRows > 2_000, $"{c.PropensityRows} out-of-time snapshots");
        Assert.True(Math.Abs(c.ModelAuc - c.TruthAuc) <= 0.03, $"model AUC {c.ModelAuc:0.000}, truth AUC {c.TruthAuc:0.000}");
        Assert.True(c.UpliftDecisions > 1_000, $"{c.UpliftDecisions} out-of-time decisions");
        Assert.True(c.UpliftSpearman >= 0.6, $"Spearman(predicted uplift, true uplift) = {c.UpliftSpearman:0.000}");
    }

    public void Dispose() => Directory.Delete(_models, recursive: true);
}
