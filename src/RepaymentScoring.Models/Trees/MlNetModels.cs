using System.IO.Compression;
using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace RepaymentScoring.Models.Trees;

/// <summary>
/// ML.NET model files (<c>.zip</c>) of binary tree ensembles (FastTree, LightGbm): saving with the same
/// bytes for the same model, loading, and compiling their trees (<see cref="TreeEnsemble"/>) exactly as
/// ML.NET routes a row, the Platt calibrator folded into the leaf values.
/// </summary>
public static class MlNetModels
{
    /// <summary>The ML.NET version this build reads and writes (recorded in manifests).</summary>
    public static string Version { get; } = typeof(MLContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(MLContext).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>
    /// Writes <paramref name="model"/> as an ML.NET model file whose bytes depend only on the model: the
    /// zip's entries keep their order and content, their timestamps are fixed (ML.NET stamps the time of saving).
    /// </summary>
    public static byte[] Save(MLContext context, ITransformer model, DataViewSchema inputSchema)
    {
        using var saved = new MemoryStream();
        context.Model.Save(model, inputSchema, saved);
        saved.Position = 0;
        using var source = new ZipArchive(saved, ZipArchiveMode.Read);
        using var result = new MemoryStream();
        using (var target = new ZipArchive(result, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = FixedTime;
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }
        return result.ToArray();
    }

    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Loads a model file; the trainers' assemblies are registered first, so a fresh process reads both kinds.</summary>
    /// <exception cref="InvalidDataException">Not an ML.NET binary tree-ensemble model.</exception>
    public static ITransformer Load(MLContext context, byte[] zip, out DataViewSchema inputSchema)
    {
        context.ComponentCatalog.RegisterAssembly(typeof(FastTreeBinaryModelParameters).Assembly);
        context.ComponentCatalog.RegisterAssembly(typeof(LightGbmBinaryModelParameters).Assembly);
        try
        {
            using var stream = new MemoryStream(zip, writable: false);
            return context.Model.Load(stream, out inputSchema);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"not an ML.NET model file ({e.GetType().Name}: {e.Message})", e);
        }
    }

    /// <summary>Which trainer made <paramref name="model"/>: fasttree or lightgbm.</summary>
    public static string TrainerOf(ITransformer model) => TreesOf(model).Trainer;

    /// <summary>
    /// The trees of a calibrated binary model (FastTree or LightGbm), as <see cref="FlatTree"/>s on the
    /// probability's margin: ML.NET's probability is 1 / (1 + exp(a s + b)) of the score s (the trees'
    /// weighted leaf values and the bias), so the leaves are scaled by -a and the base margin is -(a bias + b).
    /// Covers are a token 1 until counted (<see cref="TreeEnsemble.WithCovers"/>).
    /// </summary>
    /// <exception cref="InvalidDataException">Another kind of model, or a categorical split.</exception>
    public static TreeEnsemble Compile(ITransformer model, int features)
    {
        var (_, ensemble, calibrator) = TreesOf(model);
        var scale = -calibrator.Slope;
        var trees = new List<FlatTree>(ensemble.Trees.Count);
        for (var t = 0; t < ensemble.Trees.Count; t++)
            trees.Add(Flatten(ensemble.Trees[t], ensemble.TreeWeights[t] * scale, t));
        var baseMargin = (float)(-(calibrator.Slope * ensemble.Bias + calibrator.Offset));
        return TreeEnsemble.Compile(features, baseMargin, trees);
    }

    private static (string Trainer, RegressionTreeEnsemble Ensemble, PlattCalibrator Calibrator) TreesOf(ITransformer model)
    {
        var parameters = (model as IPredictionTransformer<object>)?.Model;
        return parameters switch
        {
            CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator> f => ("fasttree", f.SubModel.TrainedTreeEnsemble, f.Calibrator),
            CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator> l => ("lightgbm", l.SubModel.TrainedTreeEnsemble, l.Calibrator),
            _ => throw new InvalidDataException($"not a calibrated FastTree or LightGbm binary model ({parameters?.GetType().Name ?? model.GetType().Name})"),
        };
    }

    private static FlatTree Flatten(RegressionTree tree, double scale, int index)
    {
        var inner = tree.NumberOfNodes;
        var leaves = tree.LeafValues.ToArray().Select(v => (float)(v * scale)).ToArray();
        if (tree.NumberOfLeaves <= 1) return FlatTree.Constant(leaves.Length > 0 ? leaves[0] : 0);
        for (var n = 0; n < inner; n++)
            if (tree.CategoricalSplitFlags[n])
                throw new InvalidDataException($"tree {index} has a categorical split; models are trained without them");
        var thresholds = tree.NumericalSplitThresholds.ToArray();
        var missing = MissingValues(tree);
        var missingRight = new bool[inner];
        // A NaN takes the tree's value for missing at that node, where it has them, and is then compared
        // like any value; without them NaN fails "x <= t" and goes right.
        for (var n = 0; n < inner; n++)
            missingRight[n] = missing is null || !(missing[n] <= thresholds[n]);
        return new FlatTree(tree.NumericalSplitFeatureIndexes.ToArray(), thresholds, missingRight,
            tree.LeftChild.ToArray(), tree.RightChild.ToArray(), leaves, Enumerable.Repeat(1f, inner + leaves.Length).ToArray());
    }

    // ML.NET keeps where a LightGbm tree sends a missing value in an internal per-node array
    // (InternalRegressionTree.DefaultValueForMissing: NaN is replaced by it before the comparison; null
    // when every entry is 0) that the public RegressionTree does not expose. The compiled-tree tests
    // compare with ML.NET's own predictions on rows with missing values, so a version that moves it fails there.
    private static readonly FieldInfo? InternalTree = typeof(RegressionTreeBase).GetField("_tree", BindingFlags.NonPublic | BindingFlags.Instance);

    private static float[]? MissingValues(RegressionTree tree)
    {
        var internalTree = InternalTree?.GetValue(tree)
            ?? throw new InvalidDataException($"this build cannot read how ML.NET {Version} trees route missing values");
        var field = internalTree.GetType().GetField("DefaultValueForMissing", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidDataException($"this build cannot read how ML.NET {Version} trees route missing values");
        return (float[]?)field.GetValue(internalTree);
    }
}
