using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RepaymentScoring.Api.Auth;
using RepaymentScoring.Api.Infrastructure;
using RepaymentScoring.Api.Models;
using RepaymentScoring.Compliance;

namespace RepaymentScoring.Api.Plans;

internal static class PlansApi
{
    public static RouteGroupBuilder MapPlans(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/plans").WithTags("Plans").RequireAuthorization(ApiKeys.ScorerPolicy).RequireRateLimiting(RateLimits.PerKey);
        group.MapPost("/", PlanOne)
            .Accepts<PlanRequestBody>("application/json")
            .WithProblems(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status503ServiceUnavailable)
            .WithName("PlanAccount")
            .WithSummary("Plan one account from the history in the body")
            .WithDescription("Body: {\"as_of\", \"account\", \"snapshots\", \"contacts\", \"payments\"} with the contract's snake_case names. Returns the best compliant action, its scores, the ranked alternatives and the refused channels with their rules. Query: reasons=exact|approximate|none (default: the service's Planning:Reasons).");
        group.MapPost("/batch", PlanMany)
            .Accepts<List<PlanRequestBody>>("application/json")
            .WithProblems(StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status503ServiceUnavailable)
            .WithName("PlanAccounts")
            .WithSummary("Plan several accounts, each from the history in its request")
            .WithDescription("Body: a JSON array of plan requests, at most Api:MaxBatch. Each result holds either a plan or the errors of its request. Query: reasons=exact|approximate|none.");
        return group;
    }

    public sealed record BatchResult(int Index, PlanResponse? Plan, IDictionary<string, string[]>? Errors);

    internal static async Task<Results<Ok<List<BatchResult>>, ValidationProblem, ProblemHttpResult>> PlanMany(
        HttpRequest request, string? reasons, ModelProvider models, ComplianceRules rules, IOptions<ApiOptions> options, PlanService plans, CancellationToken cancel)
    {
        var (method, badReasons) = ReasonsQuery.Parse(reasons);
        if (badReasons is not null) return badReasons;
        var body = await JsonBody.ReadAsync(request, options.Value.MaxBodyBytes, cancel);
        if (body.Problem is { } problem) return problem;
        if (body.Json.ValueKind != JsonValueKind.Array)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["the body must be a JSON array of plan requests"] });
        var count = body.Json.GetArrayLength();
        if (count > options.Value.MaxBatch)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$"] = [$"{count} requests; at most {options.Value.MaxBatch} a batch"] });
        if (models.Current is not { } served)
            return TypedResults.Problem("No model is loaded yet.", statusCode: StatusCodes.Status503ServiceUnavailable);
        var results = new List<BatchResult>(count);
        var index = 0;
        foreach (var item in body.Json.EnumerateArray())
        {
            var reader = new PlanRequestReader(rules.Channels);
            var (history, at) = reader.Read(item);
            if (reader.UsedDeprecatedAt) PlanningMoment.MarkDeprecated(request.HttpContext.Response);
            if (history is null) results.Add(new BatchResult(index, null, reader.Errors));
            else
            {
                var (plan, errors) = plans.Plan(request.HttpContext, served, history, at, method);
                results.Add(new BatchResult(index, plan, errors));
            }
            index++;
        }
        return TypedResults.Ok(results);
    }

    internal static async Task<Results<Ok<PlanResponse>, ValidationProblem, ProblemHttpResult>> PlanOne(
        HttpRequest request, string? reasons, ModelProvider models, ComplianceRules rules, IOptions<ApiOptions> options, PlanService plans, CancellationToken cancel)
    {
        var (method, badReasons) = ReasonsQuery.Parse(reasons);
        if (badReasons is not null) return badReasons;
        var body = await JsonBody.ReadAsync(request, options.Value.MaxBodyBytes, cancel);
        if (body.Problem is { } problem) return problem;
        if (models.Current is not { } served)
            return TypedResults.Problem("No model is loaded yet.", statusCode: StatusCodes.Status503ServiceUnavailable);
        var reader = new PlanRequestReader(rules.Channels);
        var (history, at) = reader.Read(body.Json);
        if (reader.UsedDeprecatedAt) PlanningMoment.MarkDeprecated(request.HttpContext.Response);
        if (history is null)
            return TypedResults.ValidationProblem(reader.Errors);
        var (plan, errors) = plans.Plan(request.HttpContext, served, history, at, method);
        return plan is not null ? TypedResults.Ok(plan) : TypedResults.ValidationProblem(errors!);
    }
}
