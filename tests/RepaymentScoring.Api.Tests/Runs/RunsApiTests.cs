using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Planning.Portfolio;
using RepaymentScoring.Store;
using RepaymentScoring.Store.Runs;

namespace RepaymentScoring.Api.Tests.Runs;

/// <summary>A stored run whose plans follow from their index (so any count can be checked), with the options each offered: phone worth more than sms, both costing.</summary>
public static class StoredRunFixture
{
    public const int Accounts = 1500;
    public const string RunId = "run-1";
    private static readonly DateTimeOffset At = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Stages = ["early", "middle", "late"];

    public static (RunPlan Plan, IReadOnlyList<PortfolioOption> Options) Account(int i)
    {
        var phone = new PortfolioOption(new ContactAction("phone", 7, 10), At.AddHours(10), 2 + i % 5, 3);
        var sms = new PortfolioOption(new ContactAction("sms", 7, 10), At.AddHours(10), 1 + i % 3 * 0.1, 0.1);
        var plan = new RunPlan($"A{i:D5}", i % 2 == 0 ? "bnpl" : "credit_card", $"r{i % 3}", i % 5 == 0 ? "none" : "phone", i % 5 == 0 ? 0 : 7, At.AddHours(10),
            i % 100 / 100.0, 0.02, i % 5 == 0 ? 0 : phone.Value, i % 10 < 3 ? "high" : "low", Stages[i % 3], "none", "dpd", 1, "champion", "v1");
        return (plan, i % 5 == 0 ? [] : [phone, sms]);
    }

    /// <summary>A SQLite store in <paramref name="folder"/> holding the run; returns its path.</summary>
    public static string Create(string folder, string file)
    {
        var path = Path.Combine(folder, file);
        var store = ContractStore.Open(path);
        store.Migrate();
        using var writer = store.BeginRun(new ScoringRun(RunId, DateTimeOffset.UtcNow, At, "v1", "cn-default", null, null, 0, 0, 0));
        foreach (var (plan, options) in Enumerable.Range(0, Accounts).Select(Account)) writer.Add(plan, PortfolioOptionText.Encode(options));
        writer.Complete();
        return path;
    }
}

public sealed class RunsApiTests : IDisposable
{
    private const int Accounts = StoredRunFixture.Accounts;
    private readonly ApiFactory _factory = new();
    private readonly string _store;

    private static (RunPlan Plan, IReadOnlyList<PortfolioOption> Options) Account(int i) => StoredRunFixture.Account(i);

    public RunsApiTests() => _store = StoredRunFixture.Create(_factory.Models, "runs.db");

    private HttpClient Client(string key)
    {
        var client = _factory.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Store", _store)).CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    [Fact]
    public async Task An_analyst_reads_runs_but_plans_nothing_and_a_scorer_reads_no_portfolio()
    {
        var analyst = Client(ApiFactory.AnalystKey);
        var runs = await analyst.GetFromJsonAsync<JsonElement>("/v1/runs");
        Assert.Equal("run-1", runs[0].GetProperty("run_id").GetString());
        Assert.Equal(Accounts, (await analyst.GetFromJsonAsync<JsonElement>("/v1/runs/run-1")).GetProperty("accounts").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/v1/runs/nope")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync("/v1/plans", new StringContent(PlanRequests.Valid, Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(ApiFactory.ScorerKey).GetAsync("/v1/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client(ApiFactory.AdminKey).GetAsync("/v1/runs")).StatusCode);
    }

    [Fact]
    public async Task Filtered_pages_and_the_summary_count_what_the_run_holds()
    {
        var analyst = Client(ApiFactory.AnalystKey);
        var all = Enumerable.Range(0, Accounts).Select(i => Account(i).Plan).ToList();
        var expected = all.Where(p => p.Stage == "late" && p.RiskTier == "high" && p.Propensity30d >= 0.5)
            .OrderByDescending(p => p.Propensity30d).ThenBy(p => p.AccountId, StringComparer.Ordinal).ToList();
        var page = await analyst.GetFromJsonAsync<JsonElement>("/v1/runs/run-1/plans?stage=late&risk_tier=high&min_propensity=0.5&sort=propensity_30d&order=desc&page=2&page_size=10");
        Assert.Equal(expected.Count, page.GetProperty("total").GetInt64());
        Assert.Equal(expected.Skip(10).Take(10).Select(p => p.AccountId), page.GetProperty("plans").EnumerateArray().Select(p => p.GetProperty("account_id").GetString()));

        var summary = await analyst.GetFromJsonAsync<JsonElement>("/v1/runs/run-1/summary?by=stage,channel");
        foreach (var group in all.GroupBy(p => (p.Stage, p.Channel)))
        {
            var row = summary.GetProperty("groups").EnumerateArray().Single(g =>
                g.GetProperty("group").GetProperty("stage").GetString() == group.Key.Stage && g.GetProperty("group").GetProperty("channel").GetString() == group.Key.Channel);
            Assert.Equal(group.Count(), row.GetProperty("plans").GetInt32());
            Assert.Equal(group.Sum(p => p.ExpectedValue ?? 0), row.GetProperty("expected_value").GetDouble(), 6);
        }
    }

    [Fact]
    public async Task Every_invalid_filter_is_named_in_one_problem()
    {
        var response = await Client(ApiFactory.AnalystKey).GetAsync("/v1/runs/run-1/plans?stage=middle,ancient&channel=pigeon&min_propensity=2&page_size=5000&sort=password&order=up&by=x");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "stage", "channel", "min_propensity", "page_size", "sort", "order" })
            Assert.True(errors.TryGetProperty(field, out _), field);
        var summary = await Client(ApiFactory.AnalystKey).GetAsync("/v1/runs/run-1/summary?by=stage,account_id");
        Assert.True((await summary.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("by", out _));
    }

    [Fact]
    public async Task A_csv_export_streams_every_matching_plan_and_is_recorded_in_the_audit_trail()
    {
        var analyst = Client(ApiFactory.AnalystKey);
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/runs/run-1/plans?product=bnpl&sort=account_id");
        request.Headers.Accept.ParseAdd("text/csv");
        var response = await analyst.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("account_id,channel,cadence_days,", lines[0], StringComparison.Ordinal);
        Assert.Equal(Accounts / 2, lines.Length - 1);
        var export = Assert.Single(ContractStore.Open(_store).Exports());
        Assert.Equal(("analyst", "run-1", "product=bnpl", (long)(Accounts / 2)), (export.KeyName, export.RunId, export.Filter, export.Rows));
    }

    [Fact]
    public async Task A_what_if_reallocates_the_stored_options_within_the_capacity_and_prices_the_limit()
    {
        var analyst = Client(ApiFactory.AnalystKey);
        var response = await analyst.PostAsync("/v1/runs/run-1/what-if", new StringContent("{\"capacity\": {\"phone\": 100}, \"budget\": 1000}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var whatIf = await response.Content.ReadFromJsonAsync<JsonElement>();
        var phone = whatIf.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("channel").GetString() == "phone");
        Assert.InRange(phone.GetProperty("planned").GetInt32(), 1, 100);
        Assert.Equal(Enumerable.Range(0, Accounts).Count(i => i % 5 != 0), phone.GetProperty("unconstrained").GetInt32());
        Assert.InRange(whatIf.GetProperty("spent").GetDouble(), 0, 1000);
        var cost = whatIf.GetProperty("cost_of_limits").GetDouble();
        Assert.True(cost > 0, cost.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(whatIf.GetProperty("unconstrained_value").GetDouble() - whatIf.GetProperty("value").GetDouble(), cost, 6);
        var bad = await analyst.PostAsync("/v1/runs/run-1/what-if", new StringContent("{\"capacity\": {\"pigeon\": 1, \"phone\": -1}, \"budget\": \"lots\"}", Encoding.UTF8, "application/json"));
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "capacity.pigeon", "capacity.phone", "budget" }) Assert.True(errors.TryGetProperty(field, out _), field);
    }

    public void Dispose() => _factory.Dispose();
}
