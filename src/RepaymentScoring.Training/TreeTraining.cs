using System.Globalization;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using RepaymentScoring.Models.Trees;
using RepaymentScoring.Training.Data;

namespace RepaymentScoring.Training;

/// <summary>A model fitted by ML.NET: the transformer (saved as the version's .zip), the schema it reads, and its compiled trees with covers counted on the rows it was fitted on.</summary>
public sealed record FittedModel(ITransformer Transformer, DataViewSchema InputSchema, TreeEnsemble Trees);

/// <summary>A model fitted on the train part and cut to the rounds with the lowest validation log loss (for predictions: its covers are not counted).</summary>
public sealed record OutOfTimeFit(TreeEnsemble Trees, int Rounds);

/// <summary>
/// Fits one binary tree model with ML.NET (<see cref="TreeTrainer"/>) on rows of a <see cref="FeatureMatrix"/>,
/// and chooses its rounds out of time. Every trainer option is set explicitly: ML.NET's defaults
/// change with the data (LightGbm turns on categorical splits and picks its own leaves and learning
/// rate above 50,000 rows; FastTree's seed is 123 whatever the context's).
/// </summary>
public static class TreeTraining
{
    /// <summary>
    /// The value FastTree sees for a missing one: above every real value, so a missing value takes a
    /// split's upper branch, as ML.NET's trees send NaN at prediction (NaN fails "x &lt;= t"); FastTree
    /// skips every row with a NaN. LightGbm learns where missing values go and sees them as they are.
    /// </summary>
    public const float FastTreeMissing = 1e30f;

    public const string FeaturesColumn = "Features";
    public const string LabelColumn = "Label";
    public const string WeightColumn = "Weight";

    private sealed class MatrixRow
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
        public float Weight { get; set; }
    }

    /// <summary>
    /// A data view over <paramref name="rows"/> of <paramref name="matrix"/> (Features, Label, Weight),
    /// read row by row as ML.NET cursors over it rather than copied whole.
    /// </summary>
    public static IDataView View(MLContext context, FeatureMatrix matrix, IReadOnlyList<int> rows, bool replaceMissing, bool unitWeights = false)
    {
        var definition = SchemaDefinition.Create(typeof(MatrixRow));
        definition[FeaturesColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, matrix.Width);
        return context.Data.LoadFromEnumerable(Rows(matrix, rows, replaceMissing, unitWeights), definition);
    }

    private static IEnumerable<MatrixRow> Rows(FeatureMatrix matrix, IReadOnlyList<int> rows, bool replaceMissing, bool unitWeights)
    {
        foreach (var i in rows)
        {
            var values = matrix.Row(i).ToArray();
            if (replaceMissing)
                for (var k = 0; k < values.Length; k++)
                    if (float.IsNaN(values[k])) values[k] = FastTreeMissing;
            yield return new MatrixRow { Features = values, Label = matrix.Info[i].Label, Weight = unitWeights ? 1 : matrix.Info[i].Weight };
        }
    }

    /// <summary>
    /// Fits <paramref name="rounds"/> trees on <paramref name="rows"/> (weighted by the rows' weights
    /// unless <paramref name="unitWeights"/>), with the seed and threads of <paramref name="settings"/>;
    /// with <paramref name="covers"/>, counts each node's cover on those rows (exact SHAP and
    /// approximate contributions need them; predictions do not).
    /// </summary>
    public static FittedModel Fit(FeatureMatrix matrix, IReadOnlyList<int> rows, TreeSettings model, TrainingSettings settings, int rounds,
        bool unitWeights = false, bool covers = true)
    {
        if (rows.Count == 0) throw new InvalidOperationException("No rows to fit a model on.");
        var context = new MLContext(seed: Seed(settings));
        var fastTree = settings.Trainer == TreeTrainer.FastTree;
        // A matrix whose own weights are all 1 (the propensity model's) is fitted without a weight column:
        // the same objective, and FastTree's unweighted histograms are faster.
        var weighted = unitWeights || rows.Any(i => matrix.Info[i].Weight != 1);
        var view = View(context, matrix, rows, replaceMissing: fastTree, unitWeights);
        var estimator = Estimator(context, model, settings, rounds, weighted);
        // FastTree starts a Task.Run for each split and waits for it. Waited on from a thread-pool thread,
        // such a task runs inline when no worker has taken it yet; from any other thread the wait lasts
        // until a worker is scheduled, which on a busy machine is a time slice per split.
        var transformer = Task.Run(() => estimator.Fit(view)).GetAwaiter().GetResult();
        var trees = MlNetModels.Compile(transformer, matrix.Width);
        if (covers) trees = trees.WithCovers(rows.Count, k => matrix.Row(rows[k]), settings.Threads);
        return new FittedModel(transformer, view.Schema, trees);
    }

    private static int Seed(TrainingSettings settings) => (int)(settings.Seed % int.MaxValue);

    private static IEstimator<ITransformer> Estimator(MLContext context, TreeSettings model, TrainingSettings settings, int rounds, bool weighted)
    {
        if (settings.Trainer == TreeTrainer.FastTree)
        {
            var options = FastTreeOptions(model, settings, rounds);
            if (!weighted) options.ExampleWeightColumnName = null;
            return context.BinaryClassification.Trainers.FastTree(options);
        }
        var lightGbm = LightGbmOptions(model, settings, rounds);
        if (!weighted) lightGbm.ExampleWeightColumnName = null;
        return context.BinaryClassification.Trainers.LightGbm(lightGbm);
    }

    public static FastTreeBinaryTrainer.Options FastTreeOptions(TreeSettings model, TrainingSettings settings, int rounds) => new()
    {
        LabelColumnName = LabelColumn,
        FeatureColumnName = FeaturesColumn,
        ExampleWeightColumnName = WeightColumn,
        NumberOfTrees = rounds,
        NumberOfLeaves = model.Leaves,
        LearningRate = model.LearningRate,
        MinimumExampleCountPerLeaf = model.MinLeafRows,
        FeatureFraction = model.ColumnSample,
        BaggingSize = model.Subsample < 1 ? 1 : 0,
        BaggingExampleFraction = model.Subsample,
        Seed = Seed(settings),
        FeatureSelectionSeed = Seed(settings),
        NumberOfThreads = settings.Threads,
        EnablePruning = false,
        Shrinkage = 1,
        DropoutRate = 0,
        MaximumBinCountPerFeature = 255,
        UnbalancedSets = false,
    };

    public static LightGbmBinaryTrainer.Options LightGbmOptions(TreeSettings model, TrainingSettings settings, int rounds) => new()
    {
        LabelColumnName = LabelColumn,
        FeatureColumnName = FeaturesColumn,
        ExampleWeightColumnName = WeightColumn,
        NumberOfIterations = rounds,
        NumberOfLeaves = model.Leaves,
        LearningRate = model.LearningRate,
        MinimumExampleCountPerLeaf = model.MinLeafRows,
        UseCategoricalSplit = false,
        HandleMissingValue = true,
        UseZeroAsMissingValue = false,
        MaximumBinCountPerFeature = 255,
        EarlyStoppingRound = 0,
        Seed = Seed(settings),
        Deterministic = true,
        ForceRowWise = true,
        NumberOfThreads = settings.Threads,
        Sigmoid = 1, // the usual logistic link: min hessian and L2 then mean what they mean in XGBoost and LightGBM itself
        UnbalancedSets = false,
        WeightOfPositiveExamples = 1,
        EvaluationMetric = LightGbmBinaryTrainer.Options.EvaluateMetricType.Logloss,
        Verbose = false,
        Silent = true,
        Booster = new GradientBooster.Options
        {
            MaximumTreeDepth = model.MaxDepth,
            MinimumChildWeight = model.MinLeafHessian,
            L2Regularization = model.L2,
            L1Regularization = 0,
            FeatureFraction = model.ColumnSample,
            SubsampleFraction = model.Subsample,
            SubsampleFrequency = model.Subsample < 1 ? 1 : 0,
            MinimumSplitGain = 0,
        },
    };

    /// <summary>Every option the trainer is given for <paramref name="model"/>, by name, for the manifest.</summary>
    public static Dictionary<string, string> Options(TreeSettings model, TrainingSettings settings)
    {
        object options = settings.Trainer == TreeTrainer.FastTree
            ? FastTreeOptions(model, settings, model.MaxRounds)
            : LightGbmOptions(model, settings, model.MaxRounds);
        var result = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["trainer"] = settings.Trainer == TreeTrainer.FastTree ? "fasttree" : "lightgbm",
            ["max_rounds"] = model.MaxRounds.ToString(CultureInfo.InvariantCulture),
            ["early_stopping_rounds"] = model.EarlyStoppingRounds.ToString(CultureInfo.InvariantCulture),
            ["rounds_chosen_by"] = "validation log loss (weighted), out of time",
        };
        if (settings.Trainer == TreeTrainer.FastTree)
            result["missing_values"] = $"replaced by {FastTreeMissing.ToString("R", CultureInfo.InvariantCulture)} (upper branch)";
        AddFields(result, "", options);
        if (options is LightGbmBinaryTrainer.Options lightGbm) AddFields(result, "Booster.", lightGbm.Booster);
        return result;
    }

    private static void AddFields(Dictionary<string, string> into, string prefix, object options)
    {
        foreach (var field in options.GetType().GetFields(BindingFlags.Public | BindingFlags.Instance).OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            var value = field.GetValue(options);
            if (value is null || !(value.GetType().IsPrimitive || value is string or Enum)) continue;
            into[prefix + field.Name] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        }
    }

    /// <summary>
    /// Fits <see cref="TreeSettings.MaxRounds"/> trees on <paramref name="train"/>, keeps the rounds with
    /// the lowest log loss on <paramref name="valid"/> (newer rows: the split is out of time).
    /// </summary>
    public static OutOfTimeFit FitOutOfTime(string name, FeatureMatrix matrix, IReadOnlyList<int> train, IReadOnlyList<int> valid, TreeSettings model,
        TrainingSettings settings, IProgress<TrainingProgress>? progress, bool unitWeights = false)
    {
        progress?.Report(new(name, 0, model.MaxRounds, $"{model.MaxRounds} trees on {train.Count:N0} rows ({(settings.Trainer == TreeTrainer.FastTree ? "FastTree" : "LightGbm")})"));
        var fitted = Fit(matrix, train, model, settings, model.MaxRounds, unitWeights, covers: false);
        var (rounds, loss) = ChooseRounds(fitted.Trees, matrix, valid.Count > 0 ? valid : train, model.EarlyStoppingRounds, unitWeights);
        progress?.Report(new(name, model.MaxRounds, model.MaxRounds,
            string.Create(CultureInfo.InvariantCulture, $"kept {rounds} rounds (best validation log loss {loss:0.0000})")));
        return new OutOfTimeFit(fitted.Trees.Take(rounds), rounds);
    }

    /// <summary>
    /// The rounds to keep: those with the lowest weighted log loss on <paramref name="valid"/> (the
    /// trees fitted on older rows, the validation rows newer), counting on until
    /// <paramref name="patience"/> rounds bring no better one.
    /// </summary>
    public static (int Rounds, double LogLoss) ChooseRounds(TreeEnsemble trees, FeatureMatrix matrix, IReadOnlyList<int> valid, int patience, bool unitWeights = false)
    {
        if (valid.Count == 0) return (trees.Trees, double.NaN);
        var (x, y, w) = matrix.Take(valid);
        var loss = trees.LogLossByRound(x, valid.Count, y, unitWeights ? [] : w, patience);
        var best = 0;
        for (var t = 1; t < loss.Length; t++)
            if (loss[t] < loss[best]) best = t;
        return (best + 1, loss.Length == 0 ? double.NaN : loss[best]);
    }
}
