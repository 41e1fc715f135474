using System.CommandLine;

namespace RepaymentScoring.Cli.Commands;

/// <summary>The options the batch planning verbs (score, plan) share.</summary>
internal static class BatchOptions
{
    /// <summary>Threads planning accounts; the output is the same for any count.</summary>
    public static Option<int> Threads() => new("--threads")
    {
        Description = "Threads planning accounts (default: every core); plans.csv is the same for any count.",
        DefaultValueFactory = _ => Planning.OrderedParallel.DefaultThreads,
    };

    /// <summary>How a batch computes each plan's reasons: approximate by default (a tree walk), exact SHAP on request.</summary>
    public static Option<string> Reasons() => new("--reasons")
    {
        Description = "How plans' reasons are computed: none, approximate (path contributions, the default for batches) or exact (SHAP, slower).",
        DefaultValueFactory = _ => "approximate",
    };

    /// <summary>The --reasons value as a method, refused when it names none.</summary>
    public static Planning.ReasonsMethod ReasonsOf(ParseResult parse, Option<string> reasons) =>
        Planning.PlanReasons.TryParse(parse.GetValue(reasons), out var method)
            ? method
            : throw new Infrastructure.UserError($"--reasons '{parse.GetValue(reasons)}': none, approximate or exact.");

    /// <summary>The --threads value, refused when below 1.</summary>
    public static int ThreadsOf(ParseResult parse, Option<int> threads)
    {
        var value = parse.GetValue(threads);
        return value >= 1 ? value : throw new Infrastructure.UserError($"--threads {value}: at least 1.");
    }
}
