using System.Globalization;
using RepaymentScoring.Models.Trees;
using RepaymentScoring.Training;
using RepaymentScoring.Training.Data;
using RepaymentScoring.Training.Evaluation;

namespace RepaymentScoring.Validation;

/// <summary>
/// Channel responsiveness on Kevin Hillstrom's randomised e-mail test (64,000 customers: men's e-mail,
/// women's e-mail or none; visit within two weeks). Reports the average uplift per treatment, then for
/// women's e-mail against none, over 20 random 50/50 splits: uplift@30% and Qini of (a) the class
/// transformation with trees of depth 2 (scikit-uplift's published setting, with XGBoost: 0.066) and (b) this
/// project's architecture, one model with the treatment as a feature (uplift = p(treated) - p(control)).
/// </summary>
internal static class HillstromValidation
{
    private static readonly string[] Zips = ["Urban", "Surburban", "Rural"];
    private static readonly string[] Channels = ["Phone", "Web", "Multichannel"];

    public static void Run(string path, TextWriter output, TreeTrainer trainer)
    {
        var rows = CsvTable.Read(path);
        var visit = rows.Select(r => r["visit"] == "1").ToArray();
        output.WriteLine($"Hillstrom e-mail test: {rows.Count} customers");
        foreach (var segment in new[] { "No E-Mail", "Womens E-Mail", "Mens E-Mail" })
        {
            var idx = Enumerable.Range(0, rows.Count).Where(i => rows[i]["segment"] == segment).ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  visit rate, {segment}: {idx.Average(i => visit[i] ? 1.0 : 0):0.0000} (n={idx.Length})"));
        }
        var subset = Enumerable.Range(0, rows.Count).Where(i => rows[i]["segment"] is "Womens E-Mail" or "No E-Mail").ToArray();
        var treated = rows.Select(r => r["segment"] == "Womens E-Mail").ToArray();
        const int Width = 8;
        var x = new float[rows.Count * Width];
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var f = x.AsSpan(i * Width, Width);
            f[0] = CsvTable.Number(r["recency"]);
            f[1] = r["history_segment"][0] - '0';
            f[2] = CsvTable.Number(r["history"]);
            f[3] = CsvTable.Number(r["mens"]);
            f[4] = CsvTable.Number(r["womens"]);
            f[5] = Array.IndexOf(Zips, r["zip_code"]);
            f[6] = CsvTable.Number(r["newbie"]);
            f[7] = Array.IndexOf(Channels, r["channel"]);
        }
        var results = new Dictionary<string, List<(double AtK, double Qini)>> { ["class transformation, depth 2"] = [], ["one model with treatment feature"] = [] };
        for (var seed = 0; seed < 20; seed++)
        {
            var random = new Random(seed);
            var shuffled = subset.OrderBy(_ => random.Next()).ToArray();
            var train = shuffled[..(shuffled.Length / 2)];
            var test = shuffled[(shuffled.Length / 2)..];
            var outcome = test.Select(i => visit[i]).ToArray();
            var isTreated = test.Select(i => treated[i]).ToArray();

            // (a) Class transformation: z = 1 when treated and visited or control and not; uplift = 2 P(z) - 1.
            {
                var model = Train(x, Width, train, i => treated[i] == visit[i], extra: null, seed, depth: 2, trainer);
                var uplift = Predict(model, x, Width, test, extra: null).Select(p => 2.0 * p - 1).ToArray();
                results["class transformation, depth 2"].Add((UpliftAtK(uplift, isTreated, outcome, 0.3), UpliftMetrics.Compute(uplift, isTreated, outcome).Qini));
            }
            // (b) One model, treatment as a feature (the response model's design).
            {
                var model = Train(x, Width, train, i => visit[i], extra: i => treated[i] ? 1 : 0, seed, depth: 4, trainer);
                var on = Predict(model, x, Width, test, extra: _ => 1);
                var off = Predict(model, x, Width, test, extra: _ => 0);
                var uplift = on.Zip(off, (a, b) => (double)a - b).ToArray();
                results["one model with treatment feature"].Add((UpliftAtK(uplift, isTreated, outcome, 0.3), UpliftMetrics.Compute(uplift, isTreated, outcome).Qini));
            }
        }
        foreach (var (name, r) in results)
        {
            var (m, s) = MeanSd(r.Select(v => v.AtK).ToList());
            var (qm, qs) = MeanSd(r.Select(v => v.Qini).ToList());
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  women's e-mail vs none, target visit, 20 random 50/50 splits, {name}: uplift@30% {m:0.0000} +/- {s:0.0000}, Qini {qm:0.0000} +/- {qs:0.0000}"));
        }
        output.WriteLine("  published (scikit-uplift, class transformation + XGBoost depth 2): uplift@30% 0.066");
    }

    /// <summary>scikit-uplift's uplift_at_k, strategy "overall": rank everyone, take the top k, treated minus control response rate there.</summary>
    internal static double UpliftAtK(IReadOnlyList<double> uplift, IReadOnlyList<bool> treated, IReadOnlyList<bool> outcome, double k)
    {
        var top = Enumerable.Range(0, uplift.Count).OrderByDescending(i => uplift[i]).Take((int)Math.Ceiling(uplift.Count * k)).ToArray();
        var t = top.Where(i => treated[i]).ToArray();
        var c = top.Where(i => !treated[i]).ToArray();
        return t.Average(i => outcome[i] ? 1.0 : 0) - c.Average(i => outcome[i] ? 1.0 : 0);
    }

    /// <summary>100 trees of at most <paramref name="depth"/> levels, learning rate 0.1, no sampling: the published setting.</summary>
    private static TreeEnsemble Train(float[] x, int width, int[] rows, Func<int, bool> label, Func<int, float>? extra, int seed, int depth, TreeTrainer trainer)
    {
        var w = width + (extra is null ? 0 : 1);
        var values = Rows(x, width, rows, extra);
        var matrix = FeatureMatrix.FromDense([.. Enumerable.Range(0, w).Select(i => $"f{i}")], values, [.. Enumerable.Range(0, rows.Length)], k => label(rows[k]));
        var settings = new TrainingSettings { Seed = (ulong)seed, Trainer = trainer };
        var model = new TreeSettings { MaxRounds = 100, Leaves = 1 << depth, MaxDepth = depth, LearningRate = 0.1, Subsample = 1, ColumnSample = 1, MinLeafRows = 20, MinLeafHessian = 1 };
        return TreeTraining.Fit(matrix, [.. Enumerable.Range(0, rows.Length)], model, settings, model.MaxRounds).Trees;
    }

    private static float[] Predict(TreeEnsemble model, float[] x, int width, int[] rows, Func<int, float>? extra) =>
        model.Predict(Rows(x, width, rows, extra), rows.Length);

    private static float[] Rows(float[] x, int width, int[] rows, Func<int, float>? extra)
    {
        var w = width + (extra is null ? 0 : 1);
        var values = new float[rows.Length * w];
        for (var k = 0; k < rows.Length; k++)
        {
            x.AsSpan(rows[k] * width, width).CopyTo(values.AsSpan(k * w));
            if (extra is not null) values[k * w + width] = extra(rows[k]);
        }
        return values;
    }

    private static (double Mean, double Sd) MeanSd(List<double> v)
    {
        var mean = v.Average();
        return (mean, Math.Sqrt(v.Sum(a => (a - mean) * (a - mean)) / (v.Count - 1)));
    }
}
