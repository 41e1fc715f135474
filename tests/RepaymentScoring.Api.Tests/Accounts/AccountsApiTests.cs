using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Csv;
using RepaymentScoring.Store;
using RepaymentScoring.Tests.Shared;

namespace RepaymentScoring.Api.Tests.Accounts;

public sealed class AccountsApiTests : IDisposable
{
    private readonly ApiFactory _factory = new();
    private readonly string _store;

    public AccountsApiTests()
    {
        _store = Path.Combine(_factory.Models, "store.db");
        var store = ContractStore.Open(_store);
        store.Migrate();
        var samples = Path.Combine(RepositoryRoot.Path, "data-samples");
        store.Import(new ContractCsvReader(ChannelCatalog.Default).ReadFolder(samples));
    }

    private HttpClient Client(string store)
    {
        var client = _factory.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Store", store)).CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.ScorerKey);
        return client;
    }

    [Fact]
    public async Task A_stored_account_is_planned_and_scored_and_an_unknown_one_is_404()
    {
        var client = Client(_store);
        var plan = await client.GetAsync("/v1/accounts/A0000005/plan?as_of=2026-03-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
        Assert.Equal("A0000005", (await plan.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("account_id").GetString());
        var former = await client.GetAsync("/v1/accounts/A0000005/plan?at=2026-03-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.OK, former.StatusCode);
        Assert.Equal("true", former.Headers.GetValues("Deprecation").Single());
        var latest = await client.GetAsync("/v1/accounts/A0000005/plan");
        Assert.Equal(HttpStatusCode.OK, latest.StatusCode);
        var scores = await client.GetFromJsonAsync<JsonElement>("/v1/accounts/A0000005/scores?as_of=2026-03-01T00:00:00Z");
        Assert.InRange(scores.GetProperty("propensity_30d").GetDouble(), 0, 1);
        Assert.All(scores.GetProperty("channels").EnumerateArray(), c => Assert.InRange(c.GetProperty("response_probability").GetDouble(), 0, 1));
        var unknown = await client.GetAsync("/v1/accounts/NOBODY/plan");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/v1/accounts/A0000005/plan?as_of=yesterday")).StatusCode);
        foreach (var verb in new[] { "plan", "scores" })
        {
            var far = await client.GetAsync($"/v1/accounts/A0000005/{verb}?as_of=9999-12-01T00:00:00Z");
            Assert.Equal(HttpStatusCode.BadRequest, far.StatusCode);
            Assert.True((await far.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("as_of", out _));
        }
    }

    [Fact]
    public async Task A_version_without_a_response_model_scores_propensity_and_plans_by_the_rules()
    {
        // The committed version's propensity model alone, as training on a history without contacts publishes it.
        var folder = Path.Combine(_factory.Models, "default");
        var served = File.ReadAllText(Path.Combine(folder, "current")).Trim();
        var rulesOnly = "20991231T000009Z-" + served[^8..];
        Directory.CreateDirectory(Path.Combine(folder, rulesOnly));
        foreach (var file in new[] { "propensity.zip", "covers.json", "evaluation.json" })
            File.Copy(Path.Combine(folder, served, file), Path.Combine(folder, rulesOnly, file));
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(folder, served, "manifest.json")))!;
        manifest["version"] = rulesOnly;
        manifest["files"] = new System.Text.Json.Nodes.JsonObject { ["propensity"] = "propensity.zip", ["covers"] = "covers.json" };
        manifest["reach_channels"] = new System.Text.Json.Nodes.JsonArray();
        manifest["no_response_model"] = "the history has no contacts";
        File.WriteAllText(Path.Combine(folder, rulesOnly, "manifest.json"), manifest.ToJsonString());
        File.WriteAllText(Path.Combine(folder, "current"), rulesOnly);
        var admin = _factory.Client(ApiFactory.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/v1/models/reload", null)).StatusCode);

        var client = Client(_store);
        var scores = await client.GetFromJsonAsync<JsonElement>("/v1/accounts/A0000005/scores?as_of=2026-03-01T00:00:00Z");
        Assert.InRange(scores.GetProperty("propensity_30d").GetDouble(), 0, 1);
        Assert.Empty(scores.GetProperty("channels").EnumerateArray());
        Assert.Equal(rulesOnly, scores.GetProperty("model_version").GetString());
        var plan = await client.GetFromJsonAsync<JsonElement>("/v1/accounts/A0000005/plan?as_of=2026-03-01T00:00:00Z");
        Assert.Equal("rules", plan.GetProperty("strategy").GetString());
        Assert.True(!plan.TryGetProperty("uplift_7d", out var uplift) || uplift.ValueKind == JsonValueKind.Null);
        Assert.True(!plan.TryGetProperty("expected_value", out var value) || value.ValueKind == JsonValueKind.Null);
        Assert.NotEmpty(plan.GetProperty("reasons").EnumerateArray());
    }

    [Fact]
    public async Task A_stored_accounts_plan_takes_the_reasons_method_the_query_names()
    {
        var client = Client(_store);
        var none = await client.GetFromJsonAsync<JsonElement>("/v1/accounts/A0000005/plan?as_of=2026-03-01T00:00:00Z&reasons=none");
        var exact = await client.GetFromJsonAsync<JsonElement>("/v1/accounts/A0000005/plan?as_of=2026-03-01T00:00:00Z");
        Assert.Empty(none.GetProperty("reasons").EnumerateArray());
        Assert.NotEmpty(exact.GetProperty("reasons").EnumerateArray());
        Assert.Equal(exact.GetProperty("channel").GetString(), none.GetProperty("channel").GetString());
        var bad = await client.GetAsync("/v1/accounts/A0000005/plan?reasons=all");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reasons", out _));
    }

    [Fact]
    public async Task An_unreachable_store_is_503_for_account_endpoints_only()
    {
        var client = Client("Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x;Timeout=2");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/v1/accounts/A0000005/plan")).StatusCode);
        var body = await client.PostAsync("/v1/plans", new StringContent(PlanRequests.Valid, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, body.StatusCode);
        // Readiness reports the store's state from its first answer, without failing.
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("unreachable", (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("store").GetString());
    }

    [Fact]
    public async Task Readiness_knows_a_reachable_store_from_its_first_answer()
    {
        var ready = await Client(_store).GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal("ok", ready.GetProperty("store").GetString());
    }

    [Fact]
    public async Task A_batch_plans_each_request_and_over_the_limit_is_a_400()
    {
        var client = _factory.WithWebHostBuilder(b => b.UseSetting("Api:MaxBatch", "3")).CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.ScorerKey);
        var ok = await client.PostAsync("/v1/plans/batch", new StringContent($"[{PlanRequests.Valid}, {{\"as_of\": \"x\"}}]", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var results = (await ok.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Object, results[0].GetProperty("plan").ValueKind);
        Assert.True(results[1].GetProperty("errors").TryGetProperty("as_of", out _));
        var tooMany = await client.PostAsync("/v1/plans/batch", new StringContent($"[{string.Join(',', Enumerable.Repeat(PlanRequests.Valid, 4))}]", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
    }

    [SkippableFact]
    public async Task Stored_accounts_are_planned_from_the_test_commands_postgresql_too()
    {
        var server = Environment.GetEnvironmentVariable("REPAY_TEST_POSTGRES");
        Skip.If(string.IsNullOrEmpty(server), "REPAY_TEST_POSTGRES is not set: run the README's test command, which starts PostgreSQL.");
        var database = "repay_api_" + Guid.NewGuid().ToString("N")[..10];
        await using (var admin = new Npgsql.NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }
        try
        {
            var location = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = database, Pooling = false }.ToString();
            var client = Client(location);
            // The service migrates the empty database at start; then the samples are imported.
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/v1/accounts/A0000005/plan")).StatusCode);
            var store = ContractStore.Open(location);
            store.Import(new ContractCsvReader(ChannelCatalog.Default).ReadFolder(Path.Combine(RepositoryRoot.Path, "data-samples")));
            var fromPostgres = await client.GetFromJsonAsync<JsonElement>("/v1/accounts/A0000005/plan?as_of=2026-03-01T00:00:00Z");
            var fromSqlite = await Client(_store).GetFromJsonAsync<JsonElement>("/v1/accounts/A0000005/plan?as_of=2026-03-01T00:00:00Z");
            Assert.Equal(fromSqlite.GetProperty("propensity_30d").GetDouble(), fromPostgres.GetProperty("propensity_30d").GetDouble(), 9);
            Assert.Equal(fromSqlite.GetProperty("channel").GetString(), fromPostgres.GetProperty("channel").GetString());
            // Served plans reach PostgreSQL's plan_audit too.
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (!store.ReadAudit(DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Any(r => r.AccountId == "A0000005") && DateTime.UtcNow < deadline)
                await Task.Delay(100);
            Assert.Contains(store.ReadAudit(DateTimeOffset.MinValue, DateTimeOffset.MaxValue), r => r.AccountId == "A0000005");
        }
        finally
        {
            await using var admin = new Npgsql.NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _factory.Dispose();
    }
}
