using System.Globalization;
using RepaymentScoring.Training.Data;
using RepaymentScoring.Training;
using RepaymentScoring.Training.Evaluation;

namespace RepaymentScoring.Validation;

/// <summary>
/// Repayment propensity on the UCI "default of credit card clients" data (Taiwan, 30,000 clients):
/// the label is repaying next month (1 - default), the features the 23 published columns, the model
/// this project's propensity booster. Split: 5 random stratified 70/30 splits (seeds 1..5); 10% of
/// each training part stops the boosting early.
/// </summary>
internal static class CreditDefaultValidation
{
    public static void Run(string path, TextWriter output, TreeTrainer trainer)
    {
        var rows = CsvTable.Read(path);
        var columns = rows[0].Keys.Where(k => k is not "ID" and not "default.payment.next.month").ToArray();
        var x = rows.SelectMany(r => columns.Select(c => CsvTable.Number(r[c]))).ToArray();
        var repaid = rows.Select(r => r["default.payment.next.month"] == "0").ToArray();
        var aucs = new List<double>();
        for (var seed = 1; seed <= 5; seed++)
        {
            var random = new Random(seed);
            var order = Enumerable.Range(0, rows.Count).OrderBy(_ => random.Next()).ToArray();
            // Stratified: 70% of each class to training.
            var train = new List<int>();
            var test = new List<int>();
            foreach (var cls in new[] { true, false })
            {
                var members = order.Where(i => repaid[i] == cls).ToArray();
                train.AddRange(members[..(int)(members.Length * 0.7)]);
                test.AddRange(members[(int)(members.Length * 0.7)..]);
            }
            var stop = train.Count / 10;
            var fit = train.Skip(stop).ToList();
            var valid = train.Take(stop).ToList();
            var matrix = FeatureMatrix.FromDense(columns, x, [.. fit, .. valid, .. test], i => repaid[i]);
            int[] Positions(int from, int count) => [.. Enumerable.Range(from, count)];
            var settings = new TrainingSettings { Seed = (ulong)seed, Trainer = trainer };
            var model = TreeTraining.FitOutOfTime("propensity", matrix, Positions(0, fit.Count), Positions(fit.Count, valid.Count), settings.Propensity, settings, null);
            var (tx, _, _) = matrix.Take(Positions(fit.Count + valid.Count, test.Count));
            var predicted = model.Trees.Predict(tx, test.Count);
            aucs.Add(ClassificationMetrics.RocAuc(predicted, test.Select(i => repaid[i]).ToArray()));
        }
        var mean = aucs.Average();
        var sd = Math.Sqrt(aucs.Sum(a => (a - mean) * (a - mean)) / (aucs.Count - 1));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"UCI credit default: {rows.Count} clients, {columns.Length} features, repayment rate {repaid.Average(r => r ? 1.0 : 0):0.000}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  propensity ROC-AUC over 5 stratified 70/30 splits: {mean:0.0000} +/- {sd:0.0000} (each: {string.Join(", ", aucs.Select(a => a.ToString("0.0000", CultureInfo.InvariantCulture)))}); {trainer}; published XGBoost 0.77-0.78"));
    }
}
