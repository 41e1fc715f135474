using System.Globalization;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Features;
using RepaymentScoring.Models;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Models.Trees;
using RepaymentScoring.Training.Data;
using RepaymentScoring.Training.Evaluation;

namespace RepaymentScoring.Training;

/// <summary>A step of training, for progress displays: stage, work done of total, and a detail line.</summary>
public readonly record struct TrainingProgress(string Stage, double Done, double Total, string? Detail = null);

/// <summary>The outcome of a training run.</summary>
public sealed record TrainingResult(string Version, ModelManifest Manifest, EvaluationReport Evaluation);

/// <summary>
/// Reads top to bottom like the flow it runs: point-in-time decision points, out-of-time split, the
/// propensity model, the reach and response models (when the history has contacts to learn them
/// from), evaluation on the newest data, the published fits, atomic publication.
/// </summary>
public static class TrainingPipeline
{
    /// <summary>The decision points of each matrix by out-of-time part.</summary>
    private sealed record Parts(List<int> TrainP, List<int> ValidP, List<int> TestP, List<int> TrainR, List<int> ValidR, List<int> TestR)
    {
        public static Parts Of(TrainingSet set) => new(
            set.Rows(set.Propensity, SplitPart.Train), set.Rows(set.Propensity, SplitPart.Valid), set.Rows(set.Propensity, SplitPart.Test),
            set.Rows(set.Response, SplitPart.Train), set.Rows(set.Response, SplitPart.Valid), set.Rows(set.Response, SplitPart.Test));
    }

    /// <summary>The models of one fitting (out of time, or the published one): reach and response absent without contacts.</summary>
    private sealed record Fits(TreeEnsemble Propensity, TreeEnsemble? Reach, IReadOnlyList<string> ReachChannels, TreeEnsemble? Response,
        TreeNode? Levels, Dictionary<string, ActionCell>? Cells)
    {
        public TrainedModels Models(FeatureSchema schema) =>
            new(Propensity, Response is null ? null : WithLevels(Response, Levels), Reach, ReachChannels, schema);
    }

    public static TrainingResult Run(IReadOnlyList<AccountHistory> histories, IReadOnlyList<string> channels,
        IReadOnlyDictionary<string, string> featureKinds, string source, TrainingSettings settings, ModelRegistry registry,
        IProgress<TrainingProgress>? progress = null, Action<string>? beforePublishRename = null)
    {
        var schema = new FeatureSchema(channels, featureKinds.OrderBy(k => k.Key, StringComparer.Ordinal)
            .Select(k => new ExtraFeature(k.Key, k.Value, [])));
        var seconds = new Dictionary<string, double>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double Lap() { var t = clock.Elapsed.TotalSeconds; clock.Restart(); return Math.Round(t, 3); }
        progress?.Report(new("features", 0, histories.Count));
        var set = TrainingSet.Build(histories, schema, settings, n => progress?.Report(new("features", n, histories.Count)));
        schema.Frozen = true;
        seconds["features"] = Lap();

        var parts = Parts.Of(set);
        if (parts.TrainP.Count == 0 || parts.TestP.Count == 0)
            throw new InvalidOperationException($"Too little labelled history to train and test out of time ({set.Propensity.Rows} account snapshots with a known outcome).");
        var noResponse = NoResponseModel(set, parts);
        if (noResponse is not null) progress?.Report(new("response", 0, 0, $"no response model: {noResponse}"));

        var judged = FitOutOfTime(set, parts, schema, settings, noResponse is null, progress, seconds, Lap);
        progress?.Report(new("evaluation", 0, 1));
        var (report, curves) = new ModelEvaluator(judged.Models(schema), settings).Evaluate(set.Propensity, parts.TestP, set.Response, parts.TestR, parts.TrainR);
        report = report with
        {
            Rows = new Dictionary<string, long>(report.Rows)
            {
                ["propensity_train"] = parts.TrainP.Count, ["propensity_valid"] = parts.ValidP.Count, ["propensity_test"] = parts.TestP.Count,
                ["response_train"] = parts.TrainR.Count, ["response_valid"] = parts.ValidR.Count, ["response_test"] = parts.TestR.Count,
            },
        };
        progress?.Report(new("evaluation", 1, 1));
        seconds["evaluation"] = Lap();
        var rounds = new Dictionary<string, int>
        {
            ["propensity"] = judged.Propensity.Trees, ["response"] = judged.Response?.Trees ?? 0, ["reach"] = judged.Reach?.Trees ?? 0,
        };
        if (judged.Levels is not null) rounds["response_levels"] = 1;

        var (published, fits, priorRows) = FitPublished(set, parts, schema, settings, rounds, judged, progress);
        seconds[settings.RefitOnAllRows ? "refit" : "publish"] = Lap();

        var manifest = Manifest(registry, source, set, parts, schema, settings, rounds, fits, report, seconds, noResponse, priorRows);
        progress?.Report(new("publish", 0, 1));
        registry.Publish(manifest.Version, folder =>
        {
            var files = published.WriteTo(folder);
            File.WriteAllText(Path.Combine(folder, ModelRegistry.EvaluationFile), report.ToJson());
            Directory.CreateDirectory(Path.Combine(folder, ModelRegistry.CurvesFolder));
            foreach (var (file, csv) in curves)
                File.WriteAllText(Path.Combine(folder, ModelRegistry.CurvesFolder, file), csv);
            File.WriteAllText(Path.Combine(folder, ModelRegistry.ManifestFile), (manifest with { Files = files }).ToJson());
            beforePublishRename?.Invoke(folder);
        });
        progress?.Report(new("publish", 1, 1));
        return new TrainingResult(manifest.Version, manifest, report);
    }

    /// <summary>Why no response model can be learned from this history, or null when one can.</summary>
    private static string? NoResponseModel(TrainingSet set, Parts parts) =>
        set.Response.Rows == 0 ? "the history has no contacts (no contact log yet), so there is nothing to learn channel responsiveness from"
        : parts.TrainR.Count == 0 || parts.TestR.Count == 0
            ? $"the history's {set.Response.Rows:N0} contact decisions do not span the training and test periods ({parts.TrainR.Count:N0} in training, {parts.TestR.Count:N0} in the test)"
        : null;

    /// <summary>The models the evaluation judges: fitted on the train part, rounds chosen on the valid part.</summary>
    private static Fits FitOutOfTime(TrainingSet set, Parts parts, FeatureSchema schema, TrainingSettings settings, bool withResponse,
        IProgress<TrainingProgress>? progress, Dictionary<string, double> seconds, Func<double> lap)
    {
        var propensity = TreeTraining.FitOutOfTime("propensity", set.Propensity, parts.TrainP, parts.ValidP, settings.Propensity, settings, progress);
        seconds["propensity"] = lap();
        if (!withResponse) return new Fits(propensity.Trees, null, [], null, null, null);
        progress?.Report(new("reach", 0, 1));
        var reachTrain = set.Rows(set.Reach, SplitPart.Train);
        var reach = ReachModel.Learnable(set.Reach, reachTrain)
            ? TreeTraining.FitOutOfTime("reach", set.Reach, reachTrain, set.Rows(set.Reach, SplitPart.Valid), settings.Reach, settings, null, unitWeights: true)
            : null;
        var reachChannels = FillReach(set, schema, reach?.Trees);
        progress?.Report(new("reach", 1, 1, reach is null ? "the calls do not tell answered from unanswered: no reach model" : $"kept {reach.Rounds} rounds"));
        seconds["reach"] = lap();
        var response = TreeTraining.FitOutOfTime("response", set.Response, parts.TrainR, parts.ValidR, settings.Response, settings, progress);
        var (levels, cells) = FitLevels(response.Trees, set, parts.TrainR, settings, progress);
        seconds["response"] = lap();
        return new Fits(propensity.Trees, reach?.Trees, reachChannels, response.Trees, levels, cells);
    }

    /// <summary>
    /// The models published: fitted again on every labelled row with the rounds chosen out of time, so
    /// that they also learn from the newest history; without the refit, fitted again
    /// on the train part (the same trees as judged: training is seeded). Returns the rows planning's priors come from.
    /// </summary>
    private static (PublishedModels Published, Fits Fits, List<int> PriorRows) FitPublished(TrainingSet set, Parts parts, FeatureSchema schema,
        TrainingSettings settings, Dictionary<string, int> rounds, Fits judged, IProgress<TrainingProgress>? progress)
    {
        var refit = settings.RefitOnAllRows;
        List<int> allP = refit ? [.. parts.TrainP, .. parts.ValidP, .. parts.TestP] : parts.TrainP;
        List<int> allR = refit ? [.. parts.TrainR, .. parts.ValidR, .. parts.TestR] : parts.TrainR;
        var allReach = refit ? Enumerable.Range(0, set.Reach.Rows).ToList() : set.Rows(set.Reach, SplitPart.Train);
        var what = refit ? "refit" : "publish";
        progress?.Report(new(what, 0, 3, $"propensity on {allP.Count:N0} rows, {rounds["propensity"]} rounds"));
        var propensity = TreeTraining.Fit(set.Propensity, allP, settings.Propensity, settings, rounds["propensity"]);
        if (judged.Response is null)
        {
            progress?.Report(new(what, 3, 3, "the propensity model fitted; no response model"));
            return (new PublishedModels(propensity, null, null, null), new Fits(propensity.Trees, null, [], null, null, null), allR);
        }
        progress?.Report(new(what, 1, 3, $"reach on {allReach.Count:N0} rows, {rounds["reach"]} rounds"));
        // No reach model held out (no call with a known answer in the training part): none refitted either.
        var reach = judged.Reach is null ? null : TreeTraining.Fit(set.Reach, allReach, settings.Reach, settings, rounds["reach"], unitWeights: true);
        var reachChannels = refit ? FillReach(set, schema, reach?.Trees) : judged.ReachChannels;
        progress?.Report(new(what, 2, 3, $"response on {allR.Count:N0} rows, {rounds["response"]} rounds"));
        var response = TreeTraining.Fit(set.Response, allR, settings.Response, settings, rounds["response"]);
        var (levels, cells) = refit ? FitLevels(response.Trees, set, allR, settings, null) : (judged.Levels, judged.Cells);
        progress?.Report(new(what, 3, 3, cells is null ? "every model fitted" : $"every model fitted; levels: {ActionCell.Summary(cells)}"));
        return (new PublishedModels(propensity, response, reach, levels?.ToFlat()),
            new Fits(propensity.Trees, reach?.Trees, reachChannels, response.Trees, levels, cells), allR);
    }

    private static ModelManifest Manifest(ModelRegistry registry, string source, TrainingSet set, Parts parts, FeatureSchema schema,
        TrainingSettings settings, Dictionary<string, int> rounds, Fits fits, EvaluationReport report, Dictionary<string, double> seconds,
        string? noResponse, List<int> priorRows)
    {
        var fingerprint = set.Fingerprint();
        var metrics = new Dictionary<string, double> { ["propensity_auc"] = report.Propensity.Auc, ["propensity_log_loss"] = report.Propensity.LogLoss };
        if (report.Response is { } response)
        {
            metrics["response_auc"] = response.Auc;
            metrics["response_log_loss"] = response.LogLoss;
        }
        if (report.Policy is { } policy)
        {
            metrics["policy_logging_value"] = policy.LoggingValue;
            metrics["policy_dr"] = policy.Dr;
        }
        return new ModelManifest
        {
            Name = registry.Name,
            Version = ModelRegistry.NewVersion(DateTimeOffset.UtcNow, fingerprint),
            CreatedAt = DateTimeOffset.UtcNow,
            MlNetVersion = MlNetModels.Version,
            Trainer = settings.Trainer == TreeTrainer.FastTree ? "fasttree" : "lightgbm",
            Data = new ManifestData(source, fingerprint, set.Accounts, set.DataEnd,
                new() { ["train"] = parts.TrainP.Count, ["valid"] = parts.ValidP.Count, ["test"] = parts.TestP.Count },
                new() { ["train"] = parts.TrainR.Count, ["valid"] = parts.ValidR.Count, ["test"] = parts.TestR.Count },
                new() { ["propensity"] = set.PropensityDrops.ToDictionary(), ["response"] = set.ResponseDrops.ToDictionary() }),
            Features = ManifestFeatures.From(schema),
            Parameters = new()
            {
                ["propensity"] = TreeTraining.Options(settings.Propensity, settings),
                ["response"] = noResponse is null ? TreeTraining.Options(settings.Response, settings) : new() { ["trained"] = "false", ["why"] = noResponse },
                ["reach"] = fits.Reach is null ? new() { ["trained"] = "false" } : TreeTraining.Options(settings.Reach, settings),
                ["response_action_correction"] = settings.ActionCorrection.Enabled && noResponse is null ? settings.ActionCorrection.Parameters() : new() { ["enabled"] = "false" },
                ["publication"] = new()
                {
                    ["refit_on_all_rows"] = settings.RefitOnAllRows ? "true" : "false",
                    ["metrics_from"] = "models fitted on the train part, rounds chosen on the valid part, evaluated on the test part",
                    ["covers"] = "rows of the fitting data below each node (counts)",
                },
            },
            Seed = settings.Seed,
            Rounds = rounds,
            ReachChannels = fits.ReachChannels,
            ActionShifts = fits.Cells?.ToDictionary(c => c.Key, c => c.Value.Shift),
            ActionCells = fits.Cells,
            NoResponseModel = noResponse,
            Split = new ManifestSplit("out_of_time", set.ValidFrom, set.TestFrom, settings.TrainShare, settings.ValidShare),
            Weights = new ManifestWeights("inverse treatment_probability, capped, mean 1", settings.WeightClipPercentile, set.WeightCap),
            Labels = settings.Labels,
            Planning = PlanningPriorsLearning.Learn(priorRows.Select(i => set.Response.Info[i])),
            Seconds = seconds,
            Metrics = metrics,
        };
    }

    /// <summary>The response's second stage fitted on <paramref name="rows"/>, or none when it is off.</summary>
    private static (TreeNode? Levels, Dictionary<string, ActionCell>? Cells) FitLevels(TreeEnsemble response, TrainingSet set, List<int> rows,
        TrainingSettings settings, IProgress<TrainingProgress>? progress)
    {
        if (!settings.ActionCorrection.Enabled) return (null, null);
        progress?.Report(new("response", settings.Response.MaxRounds, settings.Response.MaxRounds, "levelling the action effects by channel and stage"));
        var (levels, cells) = settings.ActionCorrection.Fit(response, set.Response, rows);
        progress?.Report(new("response", settings.Response.MaxRounds, settings.Response.MaxRounds, $"levels: {ActionCell.Summary(cells)}"));
        return (levels, cells);
    }

    private static TreeEnsemble WithLevels(TreeEnsemble response, TreeNode? levels) => levels is null ? response : response.Append(levels.ToFlat());

    /// <summary>Fills action_reach into every response row from <paramref name="reach"/> (none: left missing) and returns the channels it covers.</summary>
    private static IReadOnlyList<string> FillReach(TrainingSet set, FeatureSchema schema, TreeEnsemble? reach)
    {
        IReadOnlyList<string> channels = reach is null ? [] : ReachModel.ChannelsOf(set.Reach, schema.Channels);
        ReachModel.FillAll(reach, schema, channels, set.Response);
        return channels;
    }
}
