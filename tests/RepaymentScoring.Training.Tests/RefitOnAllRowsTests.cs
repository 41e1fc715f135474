using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Models;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Simulation;
using RepaymentScoring.Training.Data;
using RepaymentScoring.Validation;

namespace RepaymentScoring.Training.Tests;

/// <summary>
/// The published models are refitted on every labelled row with the rounds early stopping chose, while
/// the manifest's metrics stay those of the models judged out of time: the two runs report the same
/// evaluation, and only the refitted version has learned from the newest (test) rows.
/// </summary>
public sealed class RefitOnAllRowsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("repay-refit-").FullName;

    [Fact]
    public void Refitted_models_keep_the_held_out_evaluation_and_rounds_and_fit_the_newest_rows_better()
    {
        var portfolio = SimulatedPortfolio.Generate(new SimulationSettings { Accounts = 1_500, Days = 90, Seed = 9, TruthReplicas = 0 });
        TrainingResult Train(bool refit) => TrainingPipeline.Run(portfolio.Histories, ChannelCatalog.Default.ContactChannels, portfolio.FeatureKinds,
            "test", new TrainingSettings { Seed = 3, BootstrapSamples = 10, RefitOnAllRows = refit }, new ModelRegistry(Path.Combine(_root, refit ? "refit" : "held-out"), "default"));
        var refitted = Train(refit: true);
        var heldOut = Train(refit: false);

        Assert.Equal(heldOut.Manifest.Metrics, refitted.Manifest.Metrics);
        Assert.Equal(heldOut.Manifest.Rounds, refitted.Manifest.Rounds);
        Assert.Equal("true", refitted.Manifest.Parameters["publication"]["refit_on_all_rows"]);
        Assert.Equal("false", heldOut.Manifest.Parameters["publication"]["refit_on_all_rows"]);

        var refitModels = new ModelRegistry(Path.Combine(_root, "refit"), "default").Load(refitted.Version);
        var heldOutModels = new ModelRegistry(Path.Combine(_root, "held-out"), "default").Load(heldOut.Version);
        var set = TrainingSet.Build(portfolio.Histories, refitModels.Schema, new TrainingSettings());
        var test = set.Rows(set.Propensity, SplitPart.Test);
        var (x, y, _) = set.Propensity.Take(test);
        double LogLoss(TrainedModels models) => models.PredictPropensity(x, test.Count)
            .Select((p, i) => -(y[i] * Math.Log(Math.Max(p, 1e-7)) + (1 - y[i]) * Math.Log(Math.Max(1 - p, 1e-7)))).Average();
        var refitLoss = LogLoss(refitModels);
        var heldOutLoss = LogLoss(heldOutModels);
        Assert.True(refitLoss < heldOutLoss - 0.01,
            $"propensity log loss on the {test.Count} newest rows: refitted {refitLoss:0.0000}, held out {heldOutLoss:0.0000}");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
