using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Training.Data;

namespace RepaymentScoring.Training.Evaluation;

/// <summary>Measures a published version on any labelled history (every decision point of it), without touching the version.</summary>
public static class VersionEvaluation
{
    public static EvaluationReport Run(ModelRegistry registry, string version, IReadOnlyList<AccountHistory> histories, TrainingSettings? settings = null) =>
        Run(registry, version, histories, withSample: false, settings).Report;

    /// <summary>The report and, when <paramref name="withSample"/>, what its charts are drawn from (<see cref="EvaluationPlots"/>).</summary>
    public static (EvaluationReport Report, EvaluationSample? Sample) Run(ModelRegistry registry, string version, IReadOnlyList<AccountHistory> histories,
        bool withSample, TrainingSettings? settings = null)
    {
        var models = registry.Load(version);
        var manifest = registry.Manifest(version);
        settings ??= new TrainingSettings { Labels = manifest.Labels, Seed = manifest.Seed };
        var set = TrainingSet.Build(histories, models.Schema, settings);
        var all = (FeatureMatrix m) => Enumerable.Range(0, m.Rows).ToList();
        var (report, _) = new ModelEvaluator(models, settings).Evaluate(set.Propensity, all(set.Propensity), set.Response, all(set.Response), all(set.Response));
        return (report, withSample ? EvaluationSample.Of(models, set.Propensity, all(set.Propensity), set.Response, all(set.Response), settings.Seed) : null);
    }
}
