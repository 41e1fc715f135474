using Microsoft.AspNetCore.Http.HttpResults;
using RepaymentScoring.Api.Accounts;
using RepaymentScoring.Api.Models;

namespace RepaymentScoring.Api.Health;

public sealed record HealthResponse(string Status, string? ModelVersion, string? Store = null, string? Reason = null);

internal static class HealthApi
{
    public static RouteGroupBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/health").WithTags("Health").AllowAnonymous();
        group.MapGet("/live", () => TypedResults.Ok(new HealthResponse("live", null))).WithName("Live").WithSummary("The process answers");
        group.MapGet("/ready", Ready).WithName("Ready").WithSummary("Ready when a model is loaded")
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    /// <summary>Ready with a model; the store's state is reported, not required, so body-only scoring stays in rotation.</summary>
    private static Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>> Ready(ModelProvider models, StoreAccess store)
    {
        var storeState = store.State();
        return models.Current is { } m
            ? TypedResults.Ok(new HealthResponse("ready", m.Version, storeState))
            : TypedResults.Json(new HealthResponse("no model loaded", null, storeState, models.LastRefusal), statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
