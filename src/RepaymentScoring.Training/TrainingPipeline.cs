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
/// propensity model, the response model, evaluation on the newest data, atomic publication.
/// </summary>
public static class TrainingPipeline
{
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

        var trainP = set.Rows(set.Propensity, SplitPart.Train);
        var validP = set.Rows(set.Propensity, SplitPart.Valid);
        var testP = set.Rows(set.Propensity, SplitPart.Test);
        var trainR = set.Rows(set.Response, SplitPart.Train);
        var validR = set.Rows(set.Response, SplitPart.Valid);
        var testR = set.Rows(set.Response, SplitPart.Test);
        if (trainP.Count == 0 || trainR.Count == 0 || testP.Count == 0 || testR.Count == 0)
            throw new InvalidOperationException($"Too little labelled history to train and test out of time (propensity {set.Propensity.Rows} rows, response {set.Response.Rows}).");

        var propensity = TreeTraining.FitOutOfTime("propensity", set.Propensity, trainP, validP, settings.Propensity, settings, progress);
        seconds["propensity"] = Lap();
        progress?.Report(new("reach", 0, 1));
        var reach = ReachModel.Learnable(set.Reach, set.Rows(set.Reach, SplitPart.Train))
            ? TreeTraining.FitOutOfTime("reach", set.Reach, set.Rows(set.Reach, SplitPart.Train), set.Rows(set.Reach, SplitPart.Valid), settings.Reach, settings, null, unitWeights: true)
            : null;
        var reachChannels = FillReach(set, schema, reach?.Trees);
        progress?.Report(new("reach", 1, 1, reach is null ? "the calls do not tell answered from unanswered: no reach model" : $"kept {reach.Rounds} rounds"));
        seconds["reach"] = Lap();
        var response = TreeTraining.FitOutOfTime("response", set.Response, trainR, validR, settings.Response, settings, progress);
        var (levels, cells) = FitLevels(response.Trees, set, trainR, settings, progress);
        seconds["response"] = Lap();

        var models = new TrainedModels(propensity.Trees, WithLevels(response.Trees, levels), reach?.Trees, reachChannels, schema);
        progress?.Report(new("evaluation", 0, 1));
        var (report, curves) = new ModelEvaluator(models, settings).Evaluate(set.Propensity, testP, set.Response, testR, trainR);
        report = report with
        {
            Rows = new Dictionary<string, long>(report.Rows)
            {
                ["propensity_train"] = trainP.Count, ["propensity_valid"] = validP.Count, ["propensity_test"] = testP.Count,
                ["response_train"] = trainR.Count, ["response_valid"] = validR.Count, ["response_test"] = testR.Count,
            },
        };
        progress?.Report(new("evaluation", 1, 1));
        seconds["evaluation"] = Lap();
        var rounds = new Dictionary<string, int> { ["propensity"] = propensity.Rounds, ["response"] = response.Rounds, ["reach"] = reach?.Rounds ?? 0 };
        var priorRows = trainR;

        // The evaluation above is out of time; the models published are then fitted again on every
        // labelled row with the rounds chosen out of time, so that they also learn from the newest
        // history (docs/planning.md). Without the refit the published models are the evaluated ones,
        // fitted again on the same rows with the rounds kept (the same trees: training is seeded).
        var allP = settings.RefitOnAllRows ? [.. trainP, .. validP, .. testP] : trainP;
        var allR = settings.RefitOnAllRows ? [.. trainR, .. validR, .. testR] : trainR;
        var allReach = settings.RefitOnAllRows ? Enumerable.Range(0, set.Reach.Rows).ToList() : set.Rows(set.Reach, SplitPart.Train);
        var what = settings.RefitOnAllRows ? "refit" : "publish";
        progress?.Report(new(what, 0, 3, $"propensity on {allP.Count:N0} rows, {rounds["propensity"]} rounds"));
        var publishedPropensity = TreeTraining.Fit(set.Propensity, allP, settings.Propensity, settings, rounds["propensity"]);
        progress?.Report(new(what, 1, 3, $"reach on {allReach.Count:N0} rows, {rounds["reach"]} rounds"));
        // No reach model held out (no call with a known answer in the training part): none refitted either.
        var publishedReach = reach is null ? null : TreeTraining.Fit(set.Reach, allReach, settings.Reach, settings, rounds["reach"], unitWeights: true);
        if (settings.RefitOnAllRows) reachChannels = FillReach(set, schema, publishedReach?.Trees);
        progress?.Report(new(what, 2, 3, $"response on {allR.Count:N0} rows, {rounds["response"]} rounds"));
        var publishedResponse = TreeTraining.Fit(set.Response, allR, settings.Response, settings, rounds["response"]);
        if (settings.RefitOnAllRows) (levels, cells) = FitLevels(publishedResponse.Trees, set, allR, settings, null);
        progress?.Report(new(what, 3, 3, cells is null ? "every model fitted" : $"every model fitted; levels: {ActionCell.Summary(cells)}"));
        priorRows = allR;
        seconds[what] = Lap();
        if (levels is not null) rounds["response_levels"] = 1;

        var fingerprint = set.Fingerprint();
        var version = ModelRegistry.NewVersion(DateTimeOffset.UtcNow, fingerprint);
        var manifest = new ModelManifest
        {
            Name = registry.Name,
            Version = version,
            CreatedAt = DateTimeOffset.UtcNow,
            MlNetVersion = MlNetModels.Version,
            Trainer = settings.Trainer == TreeTrainer.FastTree ? "fasttree" : "lightgbm",
            Data = new ManifestData(source, fingerprint, set.Accounts, set.DataEnd,
                new() { ["train"] = trainP.Count, ["valid"] = validP.Count, ["test"] = testP.Count },
                new() { ["train"] = trainR.Count, ["valid"] = validR.Count, ["test"] = testR.Count },
                new() { ["propensity"] = set.PropensityDrops.ToDictionary(), ["response"] = set.ResponseDrops.ToDictionary() }),
            Features = ManifestFeatures.From(schema),
            Parameters = new()
            {
                ["propensity"] = TreeTraining.Options(settings.Propensity, settings),
                ["response"] = TreeTraining.Options(settings.Response, settings),
                ["reach"] = reach is null ? new() { ["trained"] = "false" } : TreeTraining.Options(settings.Reach, settings),
                ["response_action_correction"] = settings.ActionCorrection.Enabled ? settings.ActionCorrection.Parameters() : new() { ["enabled"] = "false" },
                ["publication"] = new()
                {
                    ["refit_on_all_rows"] = settings.RefitOnAllRows ? "true" : "false",
                    ["metrics_from"] = "models fitted on the train part, rounds chosen on the valid part, evaluated on the test part",
                    ["covers"] = "rows of the fitting data below each node (counts)",
                },
            },
            Seed = settings.Seed,
            Rounds = rounds,
            ReachChannels = reachChannels,
            ActionShifts = cells?.ToDictionary(c => c.Key, c => c.Value.Shift),
            ActionCells = cells,
            Split = new ManifestSplit("out_of_time", set.ValidFrom, set.TestFrom, settings.TrainShare, settings.ValidShare),
            Weights = new ManifestWeights("inverse treatment_probability, capped, mean 1", settings.WeightClipPercentile, set.WeightCap),
            Labels = settings.Labels,
            Planning = PlanningPriorsLearning.Learn(priorRows.Select(i => set.Response.Info[i])),
            Seconds = seconds,
            Metrics = new()
            {
                ["propensity_auc"] = report.Propensity.Auc, ["propensity_log_loss"] = report.Propensity.LogLoss,
                ["response_auc"] = report.Response.Auc, ["response_log_loss"] = report.Response.LogLoss,
                ["policy_logging_value"] = report.Policy.LoggingValue, ["policy_dr"] = report.Policy.Dr,
            },
        };

        progress?.Report(new("publish", 0, 1));
        var published = new PublishedModels(publishedPropensity, publishedResponse, publishedReach, levels?.ToFlat());
        registry.Publish(version, folder =>
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
        return new TrainingResult(version, manifest, report);
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
