using Microsoft.ML;
using Microsoft.ML.Data;
using RepaymentScoring.Models.Trees;
using RepaymentScoring.Training.Data;

namespace RepaymentScoring.Training.Tests.TreeModels;

/// <summary>
/// A model fitted by either ML.NET trainer and saved as a .zip gives, loaded in a fresh context and
/// applied with Transform, the probabilities the compiled trees give: on rows with missing values and
/// on rows exactly at the trees' thresholds.
/// </summary>
public sealed class TreeTrainingTests
{
    private const int Width = 6;

    /// <summary>y depends on every column with interactions; 15% of columns 1 and 4 missing, and missingness itself tells.</summary>
    private static FeatureMatrix Data(int rows, int seed)
    {
        var random = new Random(seed);
        var matrix = new FeatureMatrix([.. Enumerable.Range(0, Width).Select(i => $"f{i}")]);
        for (var i = 0; i < rows; i++)
        {
            var x = new float[Width];
            for (var j = 0; j < Width; j++) x[j] = (float)Math.Round(random.NextDouble() * 10, 1);
            var missing = random.NextDouble() < 0.15;
            var logit = 0.4 * (x[0] - 5) - 0.3 * (missing ? 8 : x[1]) + (x[4] > 5 ? 1 : -1) * (x[5] - 5) * 0.3;
            if (missing) x[1] = float.NaN;
            if (random.NextDouble() < 0.15) x[4] = float.NaN;
            var label = random.NextDouble() < 1 / (1 + Math.Exp(-logit));
            x.CopyTo(matrix.AddRow(new RowInfo("A", null, default, "none", label, 0, 0, null, (float)(0.5 + random.NextDouble()))));
        }
        return matrix;
    }

    private sealed class Input
    {
        [VectorType(Width)] public float[] Features { get; set; } = [];
        public bool Label { get; set; }
        public float Weight { get; set; } = 1;
    }

    private sealed class Output
    {
        public float Probability { get; set; }
    }

    [Theory]
    [InlineData(TreeTrainer.LightGbm)]
    [InlineData(TreeTrainer.FastTree)]
    public void A_saved_model_applied_by_mlnet_gives_the_compiled_trees_probabilities(TreeTrainer trainer)
    {
        var matrix = Data(6000, 1);
        var settings = new TrainingSettings { Trainer = trainer, Threads = 1, Seed = 5 };
        var fitted = TreeTraining.Fit(matrix, [.. Enumerable.Range(0, matrix.Rows)], new TreeSettings { Leaves = 16, MaxDepth = 5 }, settings, rounds: 80);
        var zip = MlNetModels.Save(new MLContext(), fitted.Transformer, fitted.InputSchema);

        // 10,000 rows: values on the grid, a tenth missing, a tenth exactly at a threshold of their column.
        var thresholds = fitted.Trees.Source.SelectMany(t => t.Feature.Select((f, i) => (Feature: f, Value: t.Threshold[i]))).ToList();
        Assert.Contains(thresholds, t => t.Value < 1e29f); // the trees split on real values
        var random = new Random(2);
        var rows = new float[10_000 * Width];
        var atThreshold = 0;
        for (var r = 0; r < 10_000; r++)
            for (var j = 0; j < Width; j++)
            {
                var u = random.NextDouble();
                var of = thresholds.Where(t => t.Feature == j).ToList();
                if (u < 0.1) rows[r * Width + j] = float.NaN;
                else if (u < 0.2 && of.Count > 0) { rows[r * Width + j] = of[random.Next(of.Count)].Value; atThreshold++; }
                else rows[r * Width + j] = (float)Math.Round(random.NextDouble() * 10, 2);
            }
        Assert.True(atThreshold > 1000);

        var fresh = new MLContext();
        var model = MlNetModels.Load(fresh, zip, out _);
        var view = fresh.Data.LoadFromEnumerable(Enumerable.Range(0, 10_000).Select(r => new Input { Features = rows.AsSpan(r * Width, Width).ToArray() }));
        var expected = fresh.Data.CreateEnumerable<Output>(model.Transform(view), reuseRowObject: false).Select(o => o.Probability).ToArray();
        var compiled = MlNetModels.Compile(model, Width).Predict(rows, 10_000);
        var trained = fitted.Trees.Predict(rows, 10_000);
        for (var r = 0; r < 10_000; r++)
        {
            Assert.True(Math.Abs(expected[r] - compiled[r]) < 1e-5, $"row {r}: ML.NET {expected[r]}, compiled {compiled[r]}");
            Assert.Equal(compiled[r], trained[r]);
        }
        Assert.True(expected.Distinct().Count() > 500, "the rows do not take different paths");
    }

    [Theory]
    [InlineData(TreeTrainer.LightGbm)]
    [InlineData(TreeTrainer.FastTree)]
    public void The_rounds_kept_are_those_with_the_lowest_validation_log_loss(TreeTrainer trainer)
    {
        var matrix = Data(4000, 3);
        var settings = new TrainingSettings { Trainer = trainer, Threads = 1 };
        var model = new TreeSettings { MaxRounds = 300, EarlyStoppingRounds = 300, Leaves = 32, LearningRate = 0.3, MinLeafRows = 5, MinLeafHessian = 1 };
        var train = Enumerable.Range(0, 3000).ToList();
        var valid = Enumerable.Range(3000, 1000).ToList();
        var fit = TreeTraining.FitOutOfTime("test", matrix, train, valid, model, settings, null);
        Assert.InRange(fit.Rounds, 2, 299); // a fast learner over-fits long before 300 rounds
        var (x, y, w) = matrix.Take(valid);
        double Loss(TreeEnsemble e) => e.Predict(x, valid.Count).Select((p, i) => w[i] * (y[i] > 0.5f ? -Math.Log(p) : -Math.Log(1 - p))).Sum() / w.Sum();
        var all = TreeTraining.Fit(matrix, train, model, settings, model.MaxRounds).Trees;
        Assert.True(Loss(fit.Trees) < Loss(all), $"kept {fit.Rounds} rounds: {Loss(fit.Trees):0.0000}, all 300: {Loss(all):0.0000}");
        Assert.True(Loss(fit.Trees) <= Loss(all.Take(fit.Rounds - 1)) + 1e-9);
        Assert.True(Loss(fit.Trees) <= Loss(all.Take(fit.Rounds + 1)) + 1e-9);
    }
}
