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
        var group = routes.MapGroup("/v1/plans").WithTags("Plans").RequireAuthorization(ApiKeys.ScorerPolicy);
        group.MapPost("/", PlanOne)
            .WithName("PlanAccount")
            .WithSummary("Plan one account from the history in the body")
            .WithDescription("Body: {\"at\", \"account\", \"snapshots\", \"contacts\", \"payments\"} with the contract's snake_case names. Returns the best compliant action, its scores, the ranked alternatives and the refused channels with their rules.");
        return group;
    }

    internal static async Task<Results<Ok<PlanResponse>, ValidationProblem, ProblemHttpResult>> PlanOne(
        HttpRequest request, ModelProvider models, ComplianceRules rules, IOptions<ApiOptions> options, CancellationToken cancel)
    {
        var body = await JsonBody.ReadAsync(request, options.Value.MaxBodyBytes, cancel);
        if (body.TooLarge is { } tooLarge) return tooLarge;
        if (body.Invalid is { } invalid) return invalid;
        if (models.Current is not { } served)
            return TypedResults.Problem("No model is loaded yet.", statusCode: StatusCodes.Status503ServiceUnavailable);
        var reader = new PlanRequestReader(rules.Channels);
        var (history, at) = reader.Read(body.Json);
        if (history is null)
            return TypedResults.ValidationProblem(reader.Errors);
        try
        {
            var plan = served.Planner.Plan(history, at, Random.Shared);
            return TypedResults.Ok(PlanResponse.From(plan));
        }
        catch (ArgumentException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["snapshots"] = [e.Message] });
        }
    }
}
