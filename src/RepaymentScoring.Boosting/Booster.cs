using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;

namespace RepaymentScoring.Boosting;

/// <summary>Progress of one boosting round; the training metric is computed only when there is no validation set (else NaN).</summary>
public readonly record struct RoundResult(int Round, double TrainMetric, double ValidMetric, bool IsBest);

/// <summary>
/// A gradient-boosted tree model. Training is single-threaded from the caller's view; prediction is
/// safe from many threads at once (XGBoost's predictors are, and results are copied out at once).
/// </summary>
public sealed unsafe class Booster : IDisposable
{
    private BoosterHandle _handle;

    private Booster(BoosterHandle handle) => _handle = handle;

    /// <summary>Rounds kept (after early stopping, up to the best one).</summary>
    public int Rounds
    {
        get
        {
            XGBoostNative.Check(XGBoostNative.XGBoosterBoostedRounds(Handle, out var rounds));
            return rounds;
        }
    }

    public int Features
    {
        get
        {
            XGBoostNative.Check(XGBoostNative.XGBoosterGetNumFeature(Handle, out var n));
            return (int)n;
        }
    }

    /// <summary>The best round by the validation metric (the last kept round).</summary>
    public int BestRound { get; private set; }

    private IntPtr Handle => _handle.DangerousGetHandle();

    public static string Version
    {
        get
        {
            XGBoostNative.XGBoostVersion(out var major, out var minor, out var patch);
            return $"{major}.{minor}.{patch}";
        }
    }

    /// <summary>
    /// Trains up to <paramref name="rounds"/> rounds; with a validation set, stops after
    /// <paramref name="earlyStoppingRounds"/> rounds without improvement and keeps the best round.
    /// The metric is the first <c>eval_metric</c> (smaller is better unless it is auc, aucpr or map).
    /// </summary>
    public static Booster Train(IReadOnlyDictionary<string, string> parameters, DMatrix train, DMatrix? valid, int rounds,
        int earlyStoppingRounds = 0, Action<RoundResult>? onRound = null)
    {
        var matrices = valid is null ? new[] { train.Handle.DangerousGetHandle() } : [train.Handle.DangerousGetHandle(), valid.Handle.DangerousGetHandle()];
        IntPtr handle;
        fixed (IntPtr* m = matrices)
            XGBoostNative.Check(XGBoostNative.XGBoosterCreate(m, (ulong)matrices.Length, out handle));
        var booster = new Booster(new BoosterHandle(handle));
        try
        {
            foreach (var (name, value) in parameters)
                XGBoostNative.Check(XGBoostNative.XGBoosterSetParam(handle, name, value));
            var metric = parameters.TryGetValue("eval_metric", out var m0) ? m0 : "logloss";
            var higherIsBetter = metric is "auc" or "aucpr" or "map";
            var best = double.NaN;
            var bestRound = 0;
            // Only the validation set is evaluated each round when there is one: scoring the training rows
            // too doubled the training time for a figure nothing decides on.
            var evaluated = valid is null ? new[] { train.Handle.DangerousGetHandle() } : [valid.Handle.DangerousGetHandle()];
            var names = new[] { Marshal.StringToCoTaskMemUTF8(valid is null ? "train" : "valid") };
            try
            {
                for (var i = 0; i < rounds; i++)
                {
                    GC.KeepAlive(train);
                    XGBoostNative.Check(XGBoostNative.XGBoosterUpdateOneIter(handle, i, train.Handle.DangerousGetHandle()));
                    if (valid is null && onRound is null) continue;
                    IntPtr text;
                    GC.KeepAlive(valid);
                    fixed (IntPtr* mm = evaluated)
                    fixed (IntPtr* nn = names)
                        XGBoostNative.Check(XGBoostNative.XGBoosterEvalOneIter(handle, i, mm, nn, (ulong)evaluated.Length, out text));
                    var scores = ParseEval(Marshal.PtrToStringUTF8(text) ?? "");
                    var validScore = scores.TryGetValue("valid", out var v) ? v : double.NaN;
                    var improved = valid is not null && (double.IsNaN(best) || (higherIsBetter ? validScore > best : validScore < best));
                    if (improved)
                    {
                        best = validScore;
                        bestRound = i;
                    }
                    onRound?.Invoke(new RoundResult(i, scores.GetValueOrDefault("train", double.NaN), validScore, improved));
                    if (valid is not null && earlyStoppingRounds > 0 && i - bestRound >= earlyStoppingRounds) break;
                }
            }
            finally
            {
                foreach (var n in names) Marshal.FreeCoTaskMem(n);
            }
            if (valid is not null && bestRound + 1 < booster.Rounds)
                booster.KeepRounds(bestRound + 1);
            booster.BestRound = valid is null ? booster.Rounds - 1 : bestRound;
            // Python's xgboost reads these attributes from a saved model.
            XGBoostNative.Check(XGBoostNative.XGBoosterSetAttr(booster.Handle, "best_iteration", booster.BestRound.ToString(CultureInfo.InvariantCulture)));
            return booster;
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    /// <summary>Loads a model saved by <see cref="Save"/> or by Python's xgboost (JSON or UBJSON).</summary>
    public static Booster Load(ReadOnlySpan<byte> model)
    {
        XGBoostNative.Check(XGBoostNative.XGBoosterCreate(null, 0, out var handle));
        var booster = new Booster(new BoosterHandle(handle));
        try
        {
            fixed (byte* p = model)
                XGBoostNative.Check(XGBoostNative.XGBoosterLoadModelFromBuffer(handle, p, (ulong)model.Length));
            booster.BestRound = booster.Rounds - 1;
            return booster;
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Threads XGBoost uses inside each prediction call. Where the caller already runs predictions in
    /// parallel (batch scoring, concurrent requests), 1 avoids a parallel region per small call, which
    /// on a busy machine costs more than the prediction itself.
    /// </summary>
    public void UseThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        XGBoostNative.Check(XGBoostNative.XGBoosterSetParam(Handle, "nthread", threads.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>The model as XGBoost JSON, loadable by Python's <c>xgboost.Booster(model_file=...)</c>.</summary>
    public byte[] Save()
    {
        XGBoostNative.Check(XGBoostNative.XGBoosterSaveModelToBuffer(Handle, "{\"format\": \"json\"}", out var length, out var buffer));
        return new ReadOnlySpan<byte>(buffer, checked((int)length)).ToArray();
    }

    /// <summary>Predicted probabilities (or values) for every row of <paramref name="matrix"/>.</summary>
    public float[] Predict(DMatrix matrix) => PredictMatrix(matrix, PredictionType.Value, matrix.Rows);

    /// <summary>The untransformed margin (log-odds for a logistic objective) of every row, base score and base margin included.</summary>
    public float[] PredictMargin(DMatrix matrix) => PredictMatrix(matrix, PredictionType.Margin, matrix.Rows);

    /// <summary>
    /// A new model: this one with <paramref name="tree"/> appended as one more boosting round, so each
    /// row's margin moves by the leaf it reaches. One model file, one prediction call, SHAP over both.
    /// </summary>
    public Booster AppendTree(TreeNode tree)
    {
        var model = JsonNode.Parse(Save())!;
        var gbtree = model["learner"]!["gradient_booster"]!["model"]!;
        var trees = gbtree["trees"]!.AsArray();
        var features = int.Parse((string)model["learner"]!["learner_model_param"]!["num_feature"]!, CultureInfo.InvariantCulture);
        trees.Add(tree.ToXGBoostJson(trees.Count, features));
        gbtree["tree_info"]!.AsArray().Add(0);
        gbtree["gbtree_model_param"]!["num_trees"] = trees.Count.ToString(CultureInfo.InvariantCulture);
        if (gbtree["iteration_indptr"] is JsonArray pointers) pointers.Add((int)pointers[^1]! + 1);
        model["learner"]!["attributes"] = new JsonObject { ["best_iteration"] = (trees.Count - 1).ToString(CultureInfo.InvariantCulture) };
        return Load(Encoding.UTF8.GetBytes(model.ToJsonString()));
    }

    /// <summary>
    /// Feature contributions on the margin (log-odds) scale: per row, one per feature then the bias;
    /// exact TreeSHAP, or XGBoost's cheaper approximation for hot paths.
    /// </summary>
    public float[] Contributions(DMatrix matrix, bool approximate = false) =>
        PredictMatrix(matrix, approximate ? PredictionType.ApproximateContributions : PredictionType.Contributions, matrix.Rows * (matrix.Columns + 1));

    /// <summary>In-place prediction from a dense row-major array, without building a DMatrix: the serving path.</summary>
    public float[] PredictDense(ReadOnlySpan<float> values, int rows, int columns)
    {
        if (values.Length != rows * columns)
            throw new ArgumentException($"{values.Length} values do not fill {rows} x {columns}.", nameof(values));
        if (rows == 0) return [];
        fixed (float* p = values)
        {
            var array = $"{{\"data\": [{(ulong)p}, true], \"shape\": [{rows}, {columns}], \"typestr\": \"<f4\", \"version\": 3}}";
            const string config = "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false, \"missing\": NaN, \"cache_id\": 0}";
            XGBoostNative.Check(XGBoostNative.XGBoosterPredictFromDense(Handle, array, config, IntPtr.Zero, out _, out _, out var result));
            return new ReadOnlySpan<float>(result, rows).ToArray();
        }
    }

    private enum PredictionType { Value = 0, Margin = 1, Contributions = 2, ApproximateContributions = 3 }

    private float[] PredictMatrix(DMatrix matrix, PredictionType type, int expected)
    {
        var config = $"{{\"type\": {(int)type}, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false}}";
        XGBoostNative.Check(XGBoostNative.XGBoosterPredictFromDMatrix(Handle, matrix.Handle.DangerousGetHandle(), config, out _, out _, out var result));
        GC.KeepAlive(matrix);
        return new ReadOnlySpan<float>(result, expected).ToArray();
    }

    private void KeepRounds(int rounds)
    {
        XGBoostNative.Check(XGBoostNative.XGBoosterSlice(Handle, 0, rounds, 1, out var sliced));
        var old = _handle;
        _handle = new BoosterHandle(sliced);
        old.Dispose();
    }

    /// <summary>Reads "[3]\ttrain-logloss:0.41\tvalid-logloss:0.44" into {train: 0.41, valid: 0.44}.</summary>
    internal static Dictionary<string, double> ParseEval(string text)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var part in text.Split('\t').Skip(1))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var colon = part.LastIndexOf(':');
            if (dash <= 0 || colon <= dash) continue;
            var set = part[..dash];
            if (!scores.ContainsKey(set) && double.TryParse(part[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                scores[set] = value;
        }
        return scores;
    }

    public void Dispose() => _handle.Dispose();
}
