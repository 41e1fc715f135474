using Microsoft.AspNetCore.Http.HttpResults;

namespace RepaymentScoring.Api.Plans;

/// <summary>
/// How a request wants its plans' reasons: the <c>reasons</c> query parameter (<c>exact</c>,
/// <c>approximate</c> or <c>none</c>); absent, the service's <c>Planning:Reasons</c>. Callers that
/// plan at high rates take approximate reasons (a tree walk) or none instead of exact SHAP.
/// </summary>
public enum ReasonsChoice
{
    Configured,
    Exact,
    Approximate,
    None,
}

internal static class ReasonsQuery
{
    /// <summary>The choice a query value names; for any other value, the problem that names the field.</summary>
    public static (ReasonsChoice Choice, ValidationProblem? Problem) Parse(string? value) => value?.ToLowerInvariant() switch
    {
        null => (ReasonsChoice.Configured, null),
        "exact" => (ReasonsChoice.Exact, null),
        "approximate" => (ReasonsChoice.Approximate, null),
        "none" => (ReasonsChoice.None, null),
        _ => (ReasonsChoice.Configured, TypedResults.ValidationProblem(new Dictionary<string, string[]>
        {
            ["reasons"] = ["must be exact, approximate or none"],
        })),
    };
}
