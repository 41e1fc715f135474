using System.Globalization;
using RepaymentScoring.Models.Trees;

namespace RepaymentScoring.Planning;

/// <summary>
/// How a plan's reasons are computed, the one name for it in configuration (<c>Planning:Reasons</c>),
/// the CLI (<c>--reasons</c>) and the API (<c>?reasons=</c>): none, approximate or exact.
/// </summary>
public enum ReasonsMethod
{
    /// <summary>No reasons (the plan's reasons list is empty).</summary>
    None,

    /// <summary>Approximate contributions (Saabas: each split on the row's path credits its feature), a tree walk.</summary>
    Approximate,

    /// <summary>Exact TreeSHAP on the compiled trees.</summary>
    Exact,
}

/// <summary>A plan's reasons: the five features with the largest contributions to the chosen row's log-odds.</summary>
public static class PlanReasons
{
    /// <summary>The method's text as configuration, the CLI and the API spell it.</summary>
    public static string Text(ReasonsMethod method) => method.ToString().ToLowerInvariant();

    /// <summary>The method a text names (case-insensitive); false for any other text.</summary>
    public static bool TryParse(string? text, out ReasonsMethod method)
    {
        method = ReasonsMethod.None;
        return text is not null && !int.TryParse(text, out _) && Enum.TryParse(text, ignoreCase: true, out method) && Enum.IsDefined(method);
    }

    /// <summary>The reasons of <paramref name="row"/> under <paramref name="trees"/>, by <paramref name="method"/>.</summary>
    public static IReadOnlyList<string> Of(ReasonsMethod method, TreeEnsemble trees, ReadOnlySpan<float> row, IReadOnlyList<string> names) => method switch
    {
        ReasonsMethod.None => [],
        ReasonsMethod.Approximate => Top(trees.ApproximateContributions(row), names),
        _ => Top(trees.Contributions(row), names),
    };

    /// <summary>The five largest contributions by size as <c>name:+0.000</c>, ties in column order; zeros are never reasons.</summary>
    public static IReadOnlyList<string> Top(float[] contributions, IReadOnlyList<string> names)
    {
        // The five largest by size, ties in column order (a stable sort's order), without sorting them all.
        Span<int> top = stackalloc int[5];
        var count = 0;
        for (var i = 0; i < names.Count; i++)
        {
            var size = Math.Abs(contributions[i]);
            if (size == 0 || (count == top.Length && size <= Math.Abs(contributions[top[^1]]))) continue;
            var k = Math.Min(count, top.Length - 1);
            while (k > 0 && Math.Abs(contributions[top[k - 1]]) < size) { top[k] = top[k - 1]; k--; }
            top[k] = i;
            count = Math.Min(count + 1, top.Length);
        }
        var reasons = new string[count];
        for (var k = 0; k < count; k++)
            reasons[k] = string.Create(CultureInfo.InvariantCulture, $"{names[top[k]]}:{contributions[top[k]]:+0.000;-0.000}");
        return reasons;
    }
}
