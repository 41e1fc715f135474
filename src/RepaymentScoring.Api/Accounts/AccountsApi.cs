using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RepaymentScoring.Api.Audit;
using RepaymentScoring.Api.Auth;
using RepaymentScoring.Api.Models;
using RepaymentScoring.Api.Infrastructure;
using RepaymentScoring.Api.Plans;
using RepaymentScoring.Contract.Csv;
using RepaymentScoring.Contract.Time;
using RepaymentScoring.Planning;

namespace RepaymentScoring.Api.Accounts;

/// <summary>Per-channel scores of an account: response probability and uplift of its best allowed action on each channel.</summary>
public sealed record ChannelScore(string Channel, int CadenceDays, int Hour, double ResponseProbability, double Uplift);

public sealed record ScoresResponse(string AccountId, DateTimeOffset AsOf,
    [property: System.Text.Json.Serialization.JsonPropertyName("propensity_30d")] double Propensity30d, double? WaitResponseProbability,
    IReadOnlyList<ChannelScore> Channels, IReadOnlyList<RefusalResponse> Refused, string ModelVersion)
{
    /// <summary>The former name of <see cref="AsOf"/>, kept for one release.</summary>
    [Obsolete("Use AsOf (as_of).")]
    public DateTimeOffset At => AsOf;
}

internal static class AccountsApi
{
    public static RouteGroupBuilder MapAccounts(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/accounts").WithTags("Accounts").RequireAuthorization(ApiKeys.ScorerPolicy).RequireRateLimiting(Infrastructure.RateLimits.PerKey);
        group.MapGet("/{accountId}/plan", Plan).WithName("PlanStoredAccount")
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Plan an account from the store")
            .WithDescription("'as_of' (ISO 8601 with offset; 'at' is its deprecated name) defaults to the start of the account's latest snapshot day; 'reasons' is exact, approximate or none (default: the service's Planning:Reasons). 404 for an unknown account, 503 when the store is unreachable.");
        group.MapGet("/{accountId}/scores", Scores).WithName("ScoreStoredAccount")
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Propensity, and per-channel response and uplift, of an account from the store");
        return group;
    }

    private static Results<Ok<PlanResponse>, ValidationProblem, ProblemHttpResult> Plan(
        string accountId, [FromQuery(Name = "as_of")] string? asOf, string? at, string? reasons, ModelProvider models, StoreAccess store, Audit.AuditTrail audit,
        PlanService plans, HttpContext context)
    {
        var (method, badReasons) = ReasonsQuery.Parse(reasons);
        if (badReasons is not null) return badReasons;
        return WithHistory<PlanResponse>(accountId, asOf, at, context, models, store, audit, (served, history, moment) =>
        {
            var (plan, errors) = plans.Plan(context, served, history, moment, method);
            return plan is not null ? TypedResults.Ok(plan) : TypedResults.ValidationProblem(errors!);
        });
    }

    private static Results<Ok<ScoresResponse>, ValidationProblem, ProblemHttpResult> Scores(
        string accountId, [FromQuery(Name = "as_of")] string? asOf, string? at, HttpContext context, ModelProvider models, StoreAccess store, Audit.AuditTrail audit) =>
        WithHistory<ScoresResponse>(accountId, asOf, at, context, models, store, audit, (served, history, moment) =>
        {
            var plan = served.Planner.Plan(history, moment, Random.Shared, reasons: ReasonsMethod.None);
            var channels = plan.Alternatives.Where(a => !a.Action.IsWait).GroupBy(a => a.Action.Channel)
                .Select(g => g.OrderByDescending(a => a.Value).First())
                .Select(a => new ChannelScore(a.Action.Channel, a.Action.CadenceDays, a.Action.Hour, a.ResponseProbability, a.Uplift))
                .OrderBy(c => c.Channel, StringComparer.Ordinal).ToList();
            // A version without a response model scores no channel: its plans follow the rules.
            double? wait = plan.Alternatives.FirstOrDefault(a => a.Action.IsWait)?.ResponseProbability;
            var refused = PlanResponse.From(plan).Refused;
            return TypedResults.Ok(new ScoresResponse(plan.AccountId, moment, plan.Propensity30d, wait, channels, refused, plan.ModelVersion));
        });

    private static Results<Ok<T>, ValidationProblem, ProblemHttpResult> WithHistory<T>(
        string accountId, string? asOf, string? deprecatedAt, HttpContext context, ModelProvider models, StoreAccess store, Audit.AuditTrail audit, Func<ServedModel, Contract.Tables.AccountHistory, DateTimeOffset, Results<Ok<T>, ValidationProblem, ProblemHttpResult>> respond)
    {
        if (store.Store is null)
            return TypedResults.Problem("No store is configured (ConnectionStrings:Store).", statusCode: StatusCodes.Status503ServiceUnavailable);
        if (models.Current is not { } served)
            return TypedResults.Problem("No model is loaded yet.", statusCode: StatusCodes.Status503ServiceUnavailable);
        if (asOf is not null && deprecatedAt is not null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [PlanningMoment.DeprecatedName] = [$"give the moment once, as '{PlanningMoment.Name}'"] });
        var name = asOf is null && deprecatedAt is not null ? PlanningMoment.DeprecatedName : PlanningMoment.Name;
        if (name == PlanningMoment.DeprecatedName) PlanningMoment.MarkDeprecated(context.Response);
        DateTimeOffset? moment = null;
        if ((asOf ?? deprecatedAt) is { } at)
        {
            if (!ContractFormat.TryParseTimestamp(at, out var parsed, out var why))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [why!] });
            moment = parsed;
        }
        if (accountId.Length > ContractCsvReader.MaxIdLength)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["accountId"] = [$"longer than {ContractCsvReader.MaxIdLength} characters"] });
        try
        {
            var latest = store.Store.ReadAccountHistory(accountId, DateTimeOffset.MaxValue);
            if (latest is null)
            {
                // Logs never carry account ids: a keyed hash lets operators correlate repeated lookups.
                audit.LogUnknownAccount(accountId);
                return TypedResults.Problem($"No account '{accountId}' in the store.", title: "Unknown account", statusCode: StatusCodes.Status404NotFound);
            }
            if (latest.Snapshots.Count == 0)
                return TypedResults.Problem("The account has no snapshot to plan from.", statusCode: StatusCodes.Status422UnprocessableEntity);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(latest.Account.TimeZone);
            var when = moment ?? LocalDays.StartOf(latest.Snapshots[^1].AsOf, zone);
            if (LocalDays.StartOf(latest.Snapshots[0].AsOf, zone) > when)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = ["before the account's first snapshot"] });
            // One read serves any moment: the planner uses only rows from before it.
            return respond(served, latest, when);
        }
        catch (Exception e) when (StoreAccess.IsUnavailable(e))
        {
            return TypedResults.Problem("The store is not reachable.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
