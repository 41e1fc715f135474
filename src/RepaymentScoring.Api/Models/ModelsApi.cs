using Microsoft.AspNetCore.Http.HttpResults;
using RepaymentScoring.Api.Auth;
using RepaymentScoring.Api.Infrastructure;

namespace RepaymentScoring.Api.Models;

public sealed record ModelResponse(string Version, DateTimeOffset CreatedAt, string DataSource, IReadOnlyDictionary<string, double> Metrics, int Features);

internal static class ModelsApi
{
    public static RouteGroupBuilder MapModels(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/models").WithTags("Models").RequireAuthorization(ApiKeys.AdminPolicy);
        group.MapGet("/current", Current).WithName("GetCurrentModel").WithProblems(StatusCodes.Status503ServiceUnavailable).WithSummary("The model version being served");
        group.MapPost("/reload", Reload).WithName("ReloadModel").WithProblems(StatusCodes.Status409Conflict)
            .WithSummary("Load the registry's current version now")
            .WithDescription("A version that does not fit this build or fails its smoke prediction is refused (409) and the served one stays.");
        return group;
    }

    private static Results<Ok<ModelResponse>, ProblemHttpResult> Current(ModelProvider models) =>
        models.Current is { } m
            ? TypedResults.Ok(new ModelResponse(m.Version, m.Manifest.CreatedAt, m.Manifest.Data.Source, m.Manifest.Metrics, m.Manifest.Features.Response.Count))
            : TypedResults.Problem("No model is loaded.", statusCode: StatusCodes.Status503ServiceUnavailable);

    private static Results<Ok<ReloadOutcome>, ProblemHttpResult> Reload(ModelProvider models)
    {
        var outcome = models.Reload();
        if (outcome.Refused is null) return TypedResults.Ok(outcome);
        return TypedResults.Problem(outcome.Reason, title: "The version was refused; the served one stays", statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["serving"] = outcome.Serving, ["refused"] = outcome.Refused });
    }
}
