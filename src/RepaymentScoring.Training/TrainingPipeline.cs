using System.Globalization;
using RepaymentScoring.Boosting;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Features;
using RepaymentScoring.Training.Data;
using RepaymentScoring.Training.Evaluation;
using RepaymentScoring.Training.Registry;

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

        var propensity = Fit("propensity", set.Propensity, trainP, validP, settings.Propensity, settings, progress);
        seconds["propensity"] = Lap();
        progress?.Report(new("reach", 0, 1));
        var reach = ReleasingOnFailure(() => ReachModel.Fit(set.Reach, set.Rows(set.Reach, SplitPart.Train), set.Rows(set.Reach, SplitPart.Valid), settings.Reach, settings), propensity);
        var reachChannels = ReleasingOnFailure(() => FillReach(set, schema, reach), propensity, reach);
        progress?.Report(new("reach", 1, 1, reach is null ? "the calls do not tell answered from unanswered: no reach model" : $"kept {reach.Rounds} rounds"));
        seconds["reach"] = Lap();
        var (response, cells) = ReleasingOnFailure(() => FitResponse(set, trainR, validR, settings, progress), propensity, reach);
        seconds["response"] = Lap();

        var models = new TrainedModels(propensity, response, reach, reachChannels, schema);
        progress?.Report(new("evaluation", 0, 1));
        var (report, curves) = ReleasingOnFailure(() => new ModelEvaluator(models, settings).Evaluate(set.Propensity, testP, set.Response, testR, trainR), models);
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
        // The second stage appends one hand-built tree; boosting chose the rounds before it.
        var boostedResponseRounds = response.Rounds - (cells is null ? 0 : 1);
        var priorRows = trainR;

        // The evaluation above is out of time; the models published are then fitted again on every
        // labelled row with the rounds early stopping chose, so that they also learn from the newest
        // history (planning check: 0.677-0.708 -> 0.705-0.745 of the oracle, docs/planning.md).
        if (settings.RefitOnAllRows)
        {
            models.Dispose();
            var allP = trainP.Concat(validP).Concat(testP).ToList();
            var allR = trainR.Concat(validR).Concat(testR).ToList();
            progress?.Report(new("refit", 0, 3, $"propensity on {allP.Count:N0} rows, {rounds["propensity"]} rounds"));
            propensity = Refit(set.Propensity, allP, settings.Propensity, rounds["propensity"], settings);
            progress?.Report(new("refit", 1, 3, $"reach on {set.Reach.Rows:N0} rows, {rounds["reach"]} rounds"));
            // No reach model held out (no call with a known answer in the training part): none refitted either.
            reach = rounds["reach"] == 0 ? null
                : ReleasingOnFailure(() => Refit(set.Reach, Enumerable.Range(0, set.Reach.Rows).ToList(), settings.Reach, rounds["reach"], settings), propensity);
            reachChannels = ReleasingOnFailure(() => FillReach(set, schema, reach), propensity, reach);
            progress?.Report(new("refit", 2, 3, $"response on {allR.Count:N0} rows, {rounds["response"]} rounds"));
            (response, cells) = ReleasingOnFailure(() => FitResponse(set, allR, [], settings, null, boostedResponseRounds), propensity, reach);
            progress?.Report(new("refit", 3, 3, cells is null ? "every model refitted on all labelled rows"
                : $"every model refitted on all labelled rows; levels: {ActionCell.Summary(cells)}"));
            models = new TrainedModels(propensity, response, reach, reachChannels, schema);
            priorRows = allR;
            seconds["refit"] = Lap();
        }
        using var published = models;

        var fingerprint = set.Fingerprint();
        var version = ModelRegistry.NewVersion(DateTimeOffset.UtcNow, fingerprint);
        var manifest = new ModelManifest
        {
            Name = registry.Name,
            Version = version,
            CreatedAt = DateTimeOffset.UtcNow,
            XgboostVersion = Booster.Version,
            Data = new ManifestData(source, fingerprint, set.Accounts, set.DataEnd,
                new() { ["train"] = trainP.Count, ["valid"] = validP.Count, ["test"] = testP.Count },
                new() { ["train"] = trainR.Count, ["valid"] = validR.Count, ["test"] = testR.Count },
                new() { ["propensity"] = set.PropensityDrops.ToDictionary(), ["response"] = set.ResponseDrops.ToDictionary() }),
            Features = ManifestFeatures.From(schema),
            Parameters = new()
            {
                ["propensity"] = settings.BoosterParameters(settings.Propensity),
                ["response"] = settings.BoosterParameters(settings.Response),
                ["reach"] = reach is null ? new() { ["trained"] = "false" } : settings.BoosterParameters(settings.Reach),
                ["response_action_correction"] = settings.ActionCorrection.Enabled ? settings.ActionCorrection.Parameters() : new() { ["enabled"] = "false" },
                ["publication"] = new()
                {
                    ["refit_on_all_rows"] = settings.RefitOnAllRows ? "true" : "false",
                    ["metrics_from"] = "models fitted on the train part, early-stopped on the valid part, evaluated on the test part",
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
            Planning = PlanningPriors.Learn(priorRows.Select(i => set.Response.Info[i])),
            Seconds = seconds,
            Metrics = new()
            {
                ["propensity_auc"] = report.Propensity.Auc, ["propensity_log_loss"] = report.Propensity.LogLoss,
                ["response_auc"] = report.Response.Auc, ["response_log_loss"] = report.Response.LogLoss,
                ["policy_logging_value"] = report.Policy.LoggingValue, ["policy_dr"] = report.Policy.Dr,
            },
        };

        progress?.Report(new("publish", 0, 1));
        registry.Publish(version, folder =>
        {
            File.WriteAllBytes(Path.Combine(folder, ModelRegistry.PropensityFile), propensity.Save());
            File.WriteAllBytes(Path.Combine(folder, ModelRegistry.ResponseFile), response.Save());
            if (reach is not null) File.WriteAllBytes(Path.Combine(folder, ModelRegistry.ReachFile), reach.Save());
            File.WriteAllText(Path.Combine(folder, ModelRegistry.EvaluationFile), report.ToJson());
            Directory.CreateDirectory(Path.Combine(folder, ModelRegistry.CurvesFolder));
            foreach (var (file, csv) in curves)
                File.WriteAllText(Path.Combine(folder, ModelRegistry.CurvesFolder, file), csv);
            File.WriteAllText(Path.Combine(folder, ModelRegistry.ManifestFile), manifest.ToJson());
            beforePublishRename?.Invoke(folder);
        });
        progress?.Report(new("publish", 1, 1));
        return new TrainingResult(version, manifest, report);
    }

    /// <summary>Runs one step after models were made; when it fails, those are released (boosters hold native memory) and the error goes on.</summary>
    private static T ReleasingOnFailure<T>(Func<T> step, params IDisposable?[] made)
    {
        try
        {
            return step();
        }
        catch
        {
            foreach (var m in made) m?.Dispose();
            throw;
        }
    }

    /// <summary>Fills action_reach into every response row from <paramref name="reach"/> (none: left missing) and returns the channels it covers.</summary>
    private static IReadOnlyList<string> FillReach(TrainingSet set, FeatureSchema schema, Booster? reach)
    {
        IReadOnlyList<string> channels = reach is null ? [] : ReachModel.ChannelsOf(set.Reach, schema.Channels);
        ReachModel.FillAll(reach, schema, channels, set.Response);
        return channels;
    }

    /// <summary>The response model and its second stage, fitted on <paramref name="train"/> (early-stopped on <paramref name="valid"/>, or <paramref name="rounds"/> when refitting).</summary>
    private static (Booster Response, Dictionary<string, ActionCell>? Cells) FitResponse(TrainingSet set, List<int> train, List<int> valid,
        TrainingSettings settings, IProgress<TrainingProgress>? progress, int rounds = 0)
    {
        var response = rounds > 0
            ? Refit(set.Response, train, settings.Response, rounds, settings)
            : Fit("response", set.Response, train, valid, settings.Response, settings, progress);
        if (!settings.ActionCorrection.Enabled) return (response, null);
        progress?.Report(new("response", settings.Response.MaxRounds, settings.Response.MaxRounds, "levelling the action effects by channel and stage"));
        using var first = response;
        var (model, cells) = settings.ActionCorrection.Apply(first, set.Response, train);
        progress?.Report(new("response", settings.Response.MaxRounds, settings.Response.MaxRounds, $"levels: {ActionCell.Summary(cells)}"));
        return (model, cells);
    }

    /// <summary>Exactly <paramref name="rounds"/> rounds on <paramref name="rows"/>, no validation (the rounds were chosen out of time).</summary>
    private static Booster Refit(FeatureMatrix matrix, List<int> rows, BoosterSettings model, int rounds, TrainingSettings settings)
    {
        var (x, y, w) = matrix.Take(rows);
        using var data = new DMatrix(x, rows.Count, matrix.Width, y, w);
        return Booster.Train(settings.BoosterParameters(model), data, null, rounds);
    }

    private static Booster Fit(string name, FeatureMatrix matrix, List<int> train, List<int> valid, BoosterSettings model,
        TrainingSettings settings, IProgress<TrainingProgress>? progress)
    {
        var (tx, ty, tw) = matrix.Take(train);
        var (vx, vy, vw) = matrix.Take(valid.Count > 0 ? valid : train);
        using var dtrain = new DMatrix(tx, train.Count, matrix.Width, ty, tw);
        using var dvalid = new DMatrix(vx, vy.Length, matrix.Width, vy, vw);
        progress?.Report(new(name, 0, model.MaxRounds));
        var booster = Booster.Train(settings.BoosterParameters(model), dtrain, dvalid, model.MaxRounds, model.EarlyStoppingRounds, r =>
            progress?.Report(new(name, r.Round + 1, model.MaxRounds,
                string.Create(CultureInfo.InvariantCulture, $"round {r.Round + 1}: valid log loss {r.ValidMetric:0.0000}"))));
        progress?.Report(new(name, model.MaxRounds, model.MaxRounds, $"kept {booster.Rounds} rounds (best by validation log loss)"));
        return booster;
    }

}
