namespace RepaymentScoring.Boosting.Tests;

public sealed class BoosterTests
{
    /// <summary>y ~ Bernoulli(sigmoid(2 x0 - x1 + x0 x2)), x3 pure noise, 10% of x1 missing.</summary>
    private static (float[] X, float[] Y, double[] P) Data(int rows, int seed)
    {
        var r = new Random(seed);
        var x = new float[rows * 4];
        var y = new float[rows];
        var p = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < 4; j++) x[i * 4 + j] = (float)(r.NextDouble() * 2 - 1);
            p[i] = 1 / (1 + Math.Exp(-(2 * x[i * 4] - x[i * 4 + 1] + x[i * 4] * x[i * 4 + 2])));
            y[i] = r.NextDouble() < p[i] ? 1 : 0;
            if (r.NextDouble() < 0.1) x[i * 4 + 1] = float.NaN;
        }
        return (x, y, p);
    }

    private static readonly Dictionary<string, string> Parameters = new()
    {
        ["objective"] = "binary:logistic", ["tree_method"] = "hist", ["max_depth"] = "3", ["eta"] = "0.1",
        ["eval_metric"] = "logloss", ["seed"] = "1", ["nthread"] = "2",
    };

    private static Booster TrainModel(out float[] testX, out double[] testP)
    {
        var (x, y, _) = Data(4000, 1);
        var (vx, vy, _) = Data(1000, 2);
        (testX, _, testP) = Data(1000, 3);
        using var train = new DMatrix(x, 4000, 4, y);
        using var valid = new DMatrix(vx, 1000, 4, vy);
        return Booster.Train(Parameters, train, valid, rounds: 400, earlyStoppingRounds: 20);
    }

    [Fact]
    public void Learns_the_known_probabilities_within_a_margin_and_stops_early()
    {
        using var model = TrainModel(out var testX, out var testP);
        using var test = new DMatrix(testX, 1000, 4);
        var predicted = model.Predict(test);
        var meanAbsError = predicted.Select((p, i) => Math.Abs(p - testP[i])).Average();
        Assert.True(meanAbsError < 0.06, $"mean |predicted - true| = {meanAbsError:0.000}");
        Assert.True(model.Rounds < 400, "early stopping should end training before 400 rounds");
        Assert.Equal(model.BestRound + 1, model.Rounds);
    }

    [Fact]
    public void Saved_json_loads_back_to_identical_predictions_and_in_place_prediction_agrees()
    {
        using var model = TrainModel(out var testX, out _);
        using var test = new DMatrix(testX, 1000, 4);
        var json = model.Save();
        Assert.StartsWith("{", System.Text.Encoding.UTF8.GetString(json, 0, 1), StringComparison.Ordinal);
        using var loaded = Booster.Load(json);
        Assert.Equal(model.Predict(test), loaded.Predict(test));
        var inPlace = loaded.PredictDense(testX, 1000, 4);
        Assert.All(inPlace.Zip(model.Predict(test)), p => Assert.Equal(p.Second, p.First, 6));
        Assert.Equal(4, loaded.Features);
    }

    [Fact]
    public void Contributions_sum_to_the_margin_of_each_prediction()
    {
        using var model = TrainModel(out var testX, out _);
        using var test = new DMatrix(testX.AsSpan(0, 50 * 4), 50, 4);
        var p = model.Predict(test);
        foreach (var approximate in new[] { false, true })
        {
            var c = model.Contributions(test, approximate);
            Assert.Equal(50 * 5, c.Length);
            for (var i = 0; i < 50; i++)
            {
                var margin = c.Skip(i * 5).Take(5).Sum();
                Assert.Equal(Math.Log(p[i] / (1 - p[i])), margin, 3);
            }
        }
        var exact = model.Contributions(test);
        var noise = Enumerable.Range(0, 50).Average(i => Math.Abs(exact[i * 5 + 3]));
        var signal = Enumerable.Range(0, 50).Average(i => Math.Abs(exact[i * 5]));
        Assert.True(signal > 5 * noise, $"x0 should matter far more than the noise column ({signal:0.000} vs {noise:0.000})");
    }

    [Fact]
    public void Predictions_from_many_threads_at_once_equal_sequential_ones()
    {
        using var model = TrainModel(out var testX, out _);
        var expected = model.PredictDense(testX, 1000, 4);
        var rows = Enumerable.Range(0, 1000).ToArray();
        var results = new float[1000];
        Parallel.ForEach(rows, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            results[i] = model.PredictDense(testX.AsSpan(i * 4, 4), 1, 4)[0]);
        Assert.All(results.Zip(expected), p => Assert.Equal(p.Second, p.First, 6));
    }

    [Fact]
    public void Native_errors_carry_xgboost_message()
    {
        var (x, y, _) = Data(100, 1);
        using var train = new DMatrix(x, 100, 4, y);
        var e = Assert.Throws<XGBoostException>(() => Booster.Train(new Dictionary<string, string> { ["objective"] = "binary:nonsense" }, train, null, 2));
        Assert.Contains("nonsense", e.Message, StringComparison.Ordinal);
        Assert.Throws<XGBoostException>(() => Booster.Load("not a model"u8));
        Assert.StartsWith("1.7", Booster.Version, StringComparison.Ordinal);
    }
}
