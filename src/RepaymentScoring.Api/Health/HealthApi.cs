using Microsoft.AspNetCore.Http.HttpResults;
using RepaymentScoring.Api.Models;

namespace RepaymentScoring.Api.Health;

public sealed record HealthResponse(string Status, string? ModelVersion);

internal static class HealthApi
{
    public static RouteGroupBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/health").WithTags("Health").AllowAnonymous();
        group.MapGet("/live", () => TypedResults.Ok(new HealthResponse("live", null))).WithName("Live").WithSummary("The process answers");
        group.MapGet("/ready", Ready).WithName("Ready").WithSummary("Ready when a model is loaded");
        return group;
    }

    private static Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>> Ready(ModelProvider models) =>
        models.Current is { } m
            ? TypedResults.Ok(new HealthResponse("ready", m.Version))
            : TypedResults.Json(new HealthResponse("no model loaded", null), statusCode: StatusCodes.Status503ServiceUnavailable);
}
