using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace RepaymentScoring.Api.Tests.Plans;

public sealed class PlansApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_valid_history_gets_a_compliant_plan_with_the_plans_csv_names_and_the_model_version()
    {
        var response = await factory.Client(ApiFactory.ScorerKey).PostAsync("/v1/plans", Json(PlanRequests.Valid));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var field in new[] { "account_id", "channel", "cadence_days", "next_contact_at", "propensity_30d", "uplift_7d", "expected_value",
                     "risk_tier", "stage", "escalation", "reasons", "treatment_probability", "strategy", "model_version", "alternatives", "refused" })
            Assert.True(plan.TryGetProperty(field, out _), field);
        Assert.Equal("middle", plan.GetProperty("stage").GetString());
        Assert.Equal(response.Headers.GetValues("X-Model-Version").Single(), plan.GetProperty("model_version").GetString());
        // The visit channel is refused before DPD 90, and says why and until when.
        var visit = plan.GetProperty("refused").EnumerateArray().Single(r => r.GetProperty("channel").GetString() == "visit");
        Assert.Contains("late_only", visit.GetProperty("rule_ids").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public async Task The_former_name_at_still_plans_for_one_release_and_says_it_is_deprecated()
    {
        var client = factory.Client(ApiFactory.ScorerKey);
        var current = await client.PostAsync("/v1/plans", Json(PlanRequests.Valid));
        Assert.False(current.Headers.Contains("Deprecation"));
        var former = await client.PostAsync("/v1/plans", Json(PlanRequests.Valid.Replace("\"as_of\": \"2026-03-02T01:00:00Z\"", "\"at\": \"2026-03-02T01:00:00Z\"", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, former.StatusCode);
        Assert.Equal("true", former.Headers.GetValues("Deprecation").Single());
        Assert.Contains("use 'as_of'", former.Headers.Warning.ToString(), StringComparison.Ordinal);
        Assert.Equal((await current.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("channel").GetString(),
            (await former.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("channel").GetString());
        var both = await client.PostAsync("/v1/plans", Json(PlanRequests.Valid.Replace("{\"as_of\":", "{\"at\": \"2026-03-02T01:00:00Z\", \"as_of\":", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.True((await both.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("at", out _));
    }

    [Fact]
    public async Task Every_invalid_field_is_listed_in_one_problem_response()
    {
        var response = await factory.Client(ApiFactory.ScorerKey).PostAsync("/v1/plans",
            Json("""{"as_of": "yesterday", "account": {"account_id": 5, "product": "boat", "opened_on": "2023-03-01", "time_zone": "Mars/Base"}, "snapshots": [{"as_of": "2026-03-02", "days_past_due": -1, "amount_due": "lots", "balance": 1}], "contacts": [{"contact_id": "C1", "contacted_at": "2026-02-23T11:00:00Z", "channel": "pigeon", "outcome": "none"}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        foreach (var field in new[] { "as_of", "account.account_id", "account.product", "account.time_zone", "snapshots[0].days_past_due", "snapshots[0].amount_due", "contacts[0].channel" })
            Assert.True(errors.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task Missing_key_is_401_and_a_body_over_the_limit_is_413_both_as_problems()
    {
        var anonymous = await factory.Client(null).PostAsync("/v1/plans", Json(PlanRequests.Valid));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Client("wrong-key").PostAsync("/v1/plans", Json(PlanRequests.Valid))).StatusCode);
        var huge = await factory.Client(ApiFactory.ScorerKey).PostAsync("/v1/plans", Json("{\"pad\": \"" + new string('x', 300_000) + "\"}"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    [Fact]
    public async Task A_thousand_malformed_requests_never_get_a_500()
    {
        var client = factory.Client(ApiFactory.ScorerKey);
        var random = new Random(12);
        var fragments = new[]
        {
            "null", "1e309", "-1", "\"\"", "[]", "{}", "true", "\"2026-13-45\"", "99999999999999999999999", "\"Mars/Base\"", "\"pigeon\"",
            "\"2026-03-02T01:00:00Z\"", "0.5", "\"sms;email\"", "\"18-20\"", "\"\\u0000\"",
        };
        var fields = new[] { "as_of", "account", "snapshots", "contacts", "payments", "account_id", "time_zone", "as_of", "channel", "amount", "days_past_due" };
        for (var i = 0; i < 1000; i++)
        {
            var valid = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(PlanRequests.Valid)!;
            string body;
            switch (i % 4)
            {
                case 0: // a top-level field replaced by junk
                    valid[fields[random.Next(5)]] = JsonSerializer.Deserialize<JsonElement>(fragments[random.Next(fragments.Length)]);
                    body = JsonSerializer.Serialize(valid);
                    break;
                case 1: // a nested field replaced by junk
                    var text = PlanRequests.Valid;
                    var field = fields[5 + random.Next(fields.Length - 5)];
                    var at = text.IndexOf($"\"{field}\": ", StringComparison.Ordinal);
                    var end = text.IndexOfAny([',', '}'], at + field.Length + 4);
                    body = text[..(at + field.Length + 4)] + fragments[random.Next(fragments.Length)] + text[end..];
                    break;
                case 2: // truncated JSON
                    body = PlanRequests.Valid[..random.Next(PlanRequests.Valid.Length)];
                    break;
                default: // arrays of junk rows
                    body = $"{{\"as_of\": \"2026-03-02T01:00:00Z\", \"account\": {{\"account_id\": \"A1\", \"product\": \"bnpl\", \"opened_on\": \"2024-01-01\", \"time_zone\": \"UTC\"}}, \"snapshots\": [{string.Join(',', Enumerable.Range(0, random.Next(5)).Select(_ => fragments[random.Next(fragments.Length)]))}]}}";
                    break;
            }
            var response = await client.PostAsync("/v1/plans", Json(body));
            Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {body}");
        }
    }
}
