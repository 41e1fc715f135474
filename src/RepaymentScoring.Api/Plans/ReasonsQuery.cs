using Microsoft.AspNetCore.Http.HttpResults;
using RepaymentScoring.Planning;

namespace RepaymentScoring.Api.Plans;

/// <summary>
/// The <c>reasons</c> query parameter of the plan endpoints: <c>none</c>, <c>approximate</c> or
/// <c>exact</c> (<see cref="ReasonsMethod"/>); absent, the service's <c>Planning:Reasons</c>. Callers
/// that plan at high rates take approximate reasons (a tree walk) or none instead of exact SHAP.
/// </summary>
internal static class ReasonsQuery
{
    /// <summary>The method a query value names (null: the configured one); for any other value, the problem that names the field.</summary>
    public static (ReasonsMethod? Method, ValidationProblem? Problem) Parse(string? value) =>
        value is null ? (null, null)
        : PlanReasons.TryParse(value, out var method) ? (method, null)
        : (null, TypedResults.ValidationProblem(new Dictionary<string, string[]>
        {
            ["reasons"] = ["must be none, approximate or exact"],
        }));
}
