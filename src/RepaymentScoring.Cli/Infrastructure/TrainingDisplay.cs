using System.Globalization;
using RepaymentScoring.Training;
using RepaymentScoring.Training.Evaluation;
using Spectre.Console;

namespace RepaymentScoring.Cli.Infrastructure;

/// <summary>Shows training progress by stage and boosting round, and the final metrics.</summary>
internal static class TrainingDisplay
{
    private static readonly string[] Stages = ["features", "propensity", "response", "evaluation", "refit", "publish"];

    public static T Run<T>(Func<IProgress<TrainingProgress>, T> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            var lastStage = "";
            var lastLine = DateTime.MinValue;
            return work(new SyncProgress<TrainingProgress>(p =>
            {
                var finished = p.Done >= p.Total;
                if (p.Stage == lastStage && !finished && DateTime.UtcNow - lastLine < TimeSpan.FromSeconds(5)) return;
                lastStage = p.Stage;
                lastLine = DateTime.UtcNow;
                Console.Error.WriteLine($"train: {p.Stage} {p.Done:0}/{p.Total:0} {p.Detail}".TrimEnd());
            }));
        }
        return AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var tasks = Stages.ToDictionary(s => s, s => ctx.AddTask(s, autoStart: false));
                return work(new SyncProgress<TrainingProgress>(p =>
                {
                    if (!tasks.TryGetValue(p.Stage, out var task)) return;
                    if (!task.IsStarted) task.StartTask();
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    task.Description = p.Detail is null ? p.Stage : $"{p.Stage}: {Markup.Escape(p.Detail)}";
                }));
            });
    }

    public static void WriteMetrics(EvaluationReport report)
    {
        var table = new Table().Title("out-of-time test").AddColumns("model", "AUC", "PR-AUC", "Brier", "log loss", "rows", "positive rate");
        table.AddRow("propensity (30 days)", F(report.Propensity.Auc), F(report.Propensity.PrAuc), F(report.Propensity.Brier),
            F(report.Propensity.LogLoss), $"{report.Propensity.Rows:N0}", F(report.Propensity.PositiveRate));
        if (report.Response is not { } response)
        {
            AnsiConsole.Write(table);
            return;
        }
        table.AddRow("response (7 days)", F(response.Auc), F(response.PrAuc), F(response.Brier),
            F(response.LogLoss), $"{response.Rows:N0}", F(response.PositiveRate));
        AnsiConsole.Write(table);
        var uplift = new Table().Title("uplift against waiting").AddColumns("channel", "Qini", "AUUC", "treated", "control");
        foreach (var (channel, u) in response.PerChannel)
            uplift.AddRow(channel, F(u.Qini), F(u.Auuc), $"{u.N:N0}", $"{u.Control:N0}");
        AnsiConsole.Write(uplift);
        if (report.Policy is not { } p) return;
        var policy = new Table().Title("greedy policy vs logging policy (net value per decision)").AddColumns("estimate", "value", "95% interval");
        policy.AddRow("logging (observed)", F(p.LoggingValue), Interval(p, "logging_value"));
        policy.AddRow("IPS", F(p.Ips), Interval(p, "ips"));
        policy.AddRow("SNIPS", F(p.Snips), Interval(p, "snips"));
        policy.AddRow("doubly robust", F(p.Dr), Interval(p, "dr"));
        AnsiConsole.Write(policy);
    }

    private static string Interval(PolicyEstimate p, string key) =>
        p.Ci95.TryGetValue(key, out var ci) ? Markup.Escape($"[{F(ci[0])}, {F(ci[1])}]") : "";

    private static string F(double v) => double.IsNaN(v) ? "-" : v.ToString("0.0000", CultureInfo.InvariantCulture);
}
