using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RepaymentScoring.Api.Accounts;
using RepaymentScoring.Api.Auth;
using RepaymentScoring.Api.Infrastructure;
using RepaymentScoring.Compliance;
using RepaymentScoring.Planning.Portfolio;
using RepaymentScoring.Store;
using RepaymentScoring.Store.Runs;

namespace RepaymentScoring.Api.Runs;

public sealed record RunPlansPage(string RunId, long Total, int Page, int PageSize, IReadOnlyList<RunPlan> Plans);

public sealed record RunSummary(string RunId, IReadOnlyList<string> By, IReadOnlyList<RunSummaryRow> Groups);

public sealed record PropensityBin(double From, double To, int Plans);

public sealed record PropensityHistogram(string RunId, IReadOnlyList<PropensityBin> Bins);

public sealed record WhatIfRequest(IReadOnlyDictionary<string, int>? Capacity, double? Budget);

public sealed record WhatIfChannel(string Channel, int Planned, int? Capacity, int Unconstrained);

public sealed record WhatIfResponse(string RunId, int Accounts, double Value, double UnconstrainedValue, double CostOfLimits, double UpperBound,
    double Spent, double? Budget, IReadOnlyList<WhatIfChannel> Channels);

/// <summary>
/// Stored scoring runs for strategy teams (role analyst, or admin): the runs, a run's plans filtered,
/// sorted and paged or downloaded as CSV (streamed, and recorded in the export audit), summaries by
/// any categorical column, and a capacity what-if that re-allocates the options the run stored.
/// </summary>
internal static class RunsApi
{
    private static readonly string[] CsvColumns = [.. Planning.BatchScoring.Columns, "product", "region"];

    public static RouteGroupBuilder MapRuns(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/runs").WithTags("Runs").RequireAuthorization(ApiKeys.AnalystPolicy).RequireRateLimiting(RateLimits.PerKey);
        group.MapGet("/", List).WithName("ListRuns").WithSummary("Stored scoring runs, newest first")
            .Produces<IReadOnlyList<ScoringRun>>().WithProblems(StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/{runId}", Get).WithName("GetRun").WithSummary("One stored run").Produces<ScoringRun>()
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/{runId}/plans", Plans).WithName("ListRunPlans")
            .WithSummary("A run's plans: filtered, sorted, paged; as CSV with Accept: text/csv")
            .WithDescription("Filters (comma-separated values match any): stage, risk_tier, channel, cadence_days, product, region; ranges: min_propensity, max_propensity, min_expected_value, max_expected_value. sort (a column), order asc|desc, page (from 1), page_size (at most 1000). With Accept: text/csv every matching plan is streamed (no paging) and the export is recorded in the audit trail.")
            .Produces<RunPlansPage>().Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesValidationProblem()
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/{runId}/summary", Summary).WithName("SummariseRun")
            .WithSummary("Counts, contacts planned, expected value, mean propensity and uplift by the columns in 'by' (stage, channel, ...)")
            .Produces<RunSummary>().ProducesValidationProblem()
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        group.MapGet("/{runId}/propensity", Propensity).WithName("RunPropensityHistogram")
            .WithSummary("How many of the run's plans (with the filters of /plans) fall in each of 'bins' (2..100, default 20) ranges of propensity")
            .Produces<PropensityHistogram>().ProducesValidationProblem()
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/{runId}/what-if", WhatIf).WithName("RunWhatIf")
            .WithSummary("The run's portfolio re-allocated under channel capacities and a budget, and the value the limits cost")
            .Accepts<WhatIfRequest>("application/json").Produces<WhatIfResponse>().ProducesValidationProblem()
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static IResult List(StoreAccess store) => WithStore(store, s => TypedResults.Ok(s.Runs()));

    private static IResult Get(string runId, StoreAccess store) =>
        WithStore(store, s => s.Run(runId) is { } run ? TypedResults.Ok(run) : UnknownRun(runId));

    private static IResult Plans(string runId, HttpContext context, StoreAccess store, ComplianceRules rules)
    {
        var query = new RunQuery(context.Request.Query, rules.Channels);
        var filter = query.Filter();
        var (sort, descending) = query.Sort();
        var (offset, limit) = query.Page();
        if (query.Errors.Count > 0) return TypedResults.ValidationProblem(query.Errors);
        return WithStore(store, s =>
        {
            if (s.Run(runId) is null) return UnknownRun(runId);
            var accept = context.Request.GetTypedHeaders().Accept;
            if (accept.Any(a => a.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase)))
                return new CsvExport(s, runId, filter, sort, descending, query.Describe(), context.User.FindFirstValue(ClaimTypes.Name) ?? "unknown");
            var (plans, total) = s.RunPlans(runId, filter, sort, descending, offset, limit);
            return TypedResults.Ok(new RunPlansPage(runId, total, offset / limit + 1, limit, plans));
        });
    }

    private static IResult Summary(string runId, HttpContext context, StoreAccess store, ComplianceRules rules)
    {
        var query = new RunQuery(context.Request.Query, rules.Channels);
        var filter = query.Filter();
        var by = query.By();
        if (query.Errors.Count > 0) return TypedResults.ValidationProblem(query.Errors);
        return WithStore(store, s => s.Run(runId) is null ? UnknownRun(runId) : TypedResults.Ok(new RunSummary(runId, by, s.RunSummary(runId, filter, by))));
    }

    private static IResult Propensity(string runId, HttpContext context, StoreAccess store, ComplianceRules rules)
    {
        var query = new RunQuery(context.Request.Query, rules.Channels);
        var filter = query.Filter();
        var bins = query.Bins();
        if (query.Errors.Count > 0) return TypedResults.ValidationProblem(query.Errors);
        return WithStore(store, s => s.Run(runId) is null ? UnknownRun(runId) : TypedResults.Ok(new PropensityHistogram(runId,
            s.RunPropensityHistogram(runId, filter, bins).Select((n, i) => new PropensityBin((double)i / bins, (double)(i + 1) / bins, n)).ToList())));
    }

    private static async Task<IResult> WhatIf(string runId, HttpRequest request, StoreAccess store, ComplianceRules rules, IOptions<ApiOptions> options, CancellationToken cancel)
    {
        var body = await JsonBody.ReadAsync(request, options.Value.MaxBodyBytes, cancel);
        if (body.Problem is { } problem) return problem;
        var (limits, errors) = ReadLimits(body.Json, rules);
        if (limits is null) return TypedResults.ValidationProblem(errors);
        return WithStore(store, s =>
        {
            if (s.Run(runId) is not { } run) return UnknownRun(runId);
            var stored = s.RunOptions(runId).ToList();
            if (stored.Count == 0 && run.Accounts > 0)
                return TypedResults.Problem($"Run {runId} stored no portfolio options (its version plans by the rules), so it has nothing to re-allocate.", statusCode: StatusCodes.Status409Conflict);
            var choices = stored.Select(o => PortfolioOptionText.Decode(o.Options)).ToList();
            var unconstrained = PortfolioAllocator.Allocate(choices, PortfolioLimits.Unlimited);
            var allocation = limits.IsUnlimited ? unconstrained : PortfolioAllocator.Allocate(choices, limits);
            var channels = allocation.AccountsByChannel.Keys.Union(unconstrained.AccountsByChannel.Keys).Union(limits.Capacity.Keys).Order(StringComparer.Ordinal)
                .Select(c => new WhatIfChannel(c, allocation.AccountsByChannel.GetValueOrDefault(c), limits.Capacity.TryGetValue(c, out var cap) ? cap : null,
                    unconstrained.AccountsByChannel.GetValueOrDefault(c))).ToList();
            return TypedResults.Ok(new WhatIfResponse(runId, choices.Count, allocation.Value, unconstrained.Value, unconstrained.Value - allocation.Value,
                allocation.UpperBound, allocation.Spent, limits.Budget, channels));
        });
    }

    private static (PortfolioLimits? Limits, Dictionary<string, string[]> Errors) ReadLimits(JsonElement body, ComplianceRules rules)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (body.ValueKind != JsonValueKind.Object) return (null, new() { ["$"] = ["the body must be a JSON object {\"capacity\": {...}, \"budget\": ...}"] });
        var capacity = new Dictionary<string, int>(StringComparer.Ordinal);
        if (body.TryGetProperty("capacity", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            if (c.ValueKind != JsonValueKind.Object) errors["capacity"] = ["an object of channel to accounts a day"];
            else
                foreach (var p in c.EnumerateObject())
                {
                    if (!rules.Channels.ContactChannels.Contains(p.Name)) errors[$"capacity.{p.Name}"] = [$"not a contact channel ({string.Join(", ", rules.Channels.ContactChannels)})"];
                    else if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out var n) || n < 0) errors[$"capacity.{p.Name}"] = ["a whole number of accounts, 0 or more"];
                    else capacity[p.Name] = n;
                }
        }
        double? budget = null;
        if (body.TryGetProperty("budget", out var b) && b.ValueKind != JsonValueKind.Null)
        {
            if (b.ValueKind == JsonValueKind.Number && b.TryGetDouble(out var v) && double.IsFinite(v) && v >= 0) budget = v;
            else errors["budget"] = ["a number, 0 or more"];
        }
        foreach (var p in body.EnumerateObject().Where(p => p.Name is not ("capacity" or "budget"))) errors[p.Name] = ["not a field of a what-if (capacity, budget)"];
        return errors.Count > 0 ? (null, errors) : (new PortfolioLimits(capacity, budget), errors);
    }

    private static IResult WithStore(StoreAccess store, Func<ContractStore, IResult> answer)
    {
        if (store.Store is null)
            return TypedResults.Problem("No store is configured (ConnectionStrings:Store).", statusCode: StatusCodes.Status503ServiceUnavailable);
        try
        {
            return answer(store.Store);
        }
        catch (Exception e) when (StoreAccess.IsUnavailable(e))
        {
            return TypedResults.Problem("The store is not reachable.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static ProblemHttpResult UnknownRun(string runId) =>
        TypedResults.Problem($"No run '{(runId.Length <= 64 ? runId : runId[..64])}' in the store.", title: "Unknown run", statusCode: StatusCodes.Status404NotFound);

    /// <summary>Streams every matching plan as CSV, row by row from the store, then records the export.</summary>
    private sealed class CsvExport(ContractStore store, string runId, RunPlanFilter filter, string sort, bool descending, string described, string keyName) : IResult
    {
        public async Task ExecuteAsync(HttpContext context)
        {
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"run-{runId}-plans.csv\"";
            long rows = 0;
            await using (var writer = new StreamWriter(context.Response.Body, new System.Text.UTF8Encoding(false), 65536, leaveOpen: true))
            await using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
            {
                foreach (var column in CsvColumns) csv.WriteField(column);
                await csv.NextRecordAsync();
                foreach (var p in store.StreamRunPlans(runId, filter, sort, descending))
                {
                    csv.WriteField(p.AccountId);
                    csv.WriteField(p.Channel);
                    csv.WriteField(p.CadenceDays.ToString(CultureInfo.InvariantCulture));
                    csv.WriteField(Contract.Csv.ContractFormat.Format(p.NextContactAt));
                    csv.WriteField(p.Propensity30d.ToString("0.######", CultureInfo.InvariantCulture));
                    csv.WriteField(p.Uplift7d?.ToString("0.######", CultureInfo.InvariantCulture) ?? "");
                    csv.WriteField(p.ExpectedValue?.ToString("0.####", CultureInfo.InvariantCulture) ?? "");
                    csv.WriteField(p.RiskTier);
                    csv.WriteField(p.Stage);
                    csv.WriteField(p.Escalation);
                    csv.WriteField(p.Reasons);
                    csv.WriteField(p.TreatmentProbability.ToString("0.########", CultureInfo.InvariantCulture));
                    csv.WriteField(p.Strategy);
                    csv.WriteField(p.ModelVersion);
                    csv.WriteField(p.Product);
                    csv.WriteField(p.Region ?? "");
                    await csv.NextRecordAsync();
                    // Flushed as it goes: a million rows pass through a small buffer, not the server's memory.
                    if (++rows % 1000 == 0) await csv.FlushAsync();
                }
            }
            store.RecordExport(new RunExport(DateTimeOffset.UtcNow, keyName, runId, described, rows));
        }
    }
}
