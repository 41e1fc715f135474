using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RepaymentScoring.Api.Models;
using RepaymentScoring.Api.Plans;
using RepaymentScoring.Compliance;
using RepaymentScoring.Planning;

namespace RepaymentScoring.Api.Tests.Plans;

/// <summary>The plan endpoints' <c>reasons</c> query parameter: exact, approximate or none, else a problem naming it.</summary>
public sealed class ReasonsQueryTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private async Task<JsonElement> Plan(string query)
    {
        var response = await factory.Client(ApiFactory.ScorerKey).PostAsync($"/v1/plans{query}", Json(PlanRequests.Valid));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The request's plan made in process with the served model and the given reasons method.</summary>
    private IReadOnlyList<string> ReasonsInProcess(ReasonsMethod method)
    {
        var served = factory.Services.GetRequiredService<ModelProvider>().Current!;
        var rules = factory.Services.GetRequiredService<ComplianceRules>();
        var (history, at) = new PlanRequestReader(rules.Channels).Read(JsonDocument.Parse(PlanRequests.Valid).RootElement);
        return served.Planner.Plan(history!, at, new Random(0), method).Reasons;
    }

    private static string[] Reasons(JsonElement plan) => [.. plan.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!)];

    [Fact]
    public async Task Exact_is_the_default_and_approximate_gives_the_approximate_contributions()
    {
        var byDefault = await Plan("");
        var exact = await Plan("?reasons=exact");
        var approximate = await Plan("?reasons=Approximate");

        Assert.Equal(ReasonsInProcess(ReasonsMethod.Exact), Reasons(exact));
        Assert.Equal(Reasons(exact), Reasons(byDefault));
        Assert.Equal(ReasonsInProcess(ReasonsMethod.Approximate), Reasons(approximate));
        Assert.NotEqual(Reasons(exact), Reasons(approximate)); // the two methods differ on this account: the test tells them apart
        Assert.Equal(5, Reasons(approximate).Length);
        Assert.Equal(exact.GetProperty("channel").GetString(), approximate.GetProperty("channel").GetString());
    }

    [Fact]
    public async Task None_plans_the_same_action_without_reasons()
    {
        var exact = await Plan("");
        var none = await Plan("?reasons=none");

        Assert.Empty(Reasons(none));
        Assert.Equal(exact.GetProperty("channel").GetString(), none.GetProperty("channel").GetString());
        Assert.Equal(exact.GetProperty("next_contact_at").GetString(), none.GetProperty("next_contact_at").GetString());
        Assert.Equal(exact.GetProperty("expected_value").GetDouble(), none.GetProperty("expected_value").GetDouble());
    }

    [Theory]
    [InlineData("/v1/plans", "shapley")]
    [InlineData("/v1/plans/batch", "shapley")]
    [InlineData("/v1/plans", "2")]
    public async Task An_unknown_method_is_a_problem_naming_the_reasons_field(string path, string method)
    {
        var body = path.EndsWith("batch", StringComparison.Ordinal) ? $"[{PlanRequests.Valid}]" : PlanRequests.Valid;
        var response = await factory.Client(ApiFactory.ScorerKey).PostAsync($"{path}?reasons={method}", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("reasons", out _));
    }

    [Fact]
    public async Task A_batch_takes_the_method_for_every_plan()
    {
        var response = await factory.Client(ApiFactory.ScorerKey).PostAsync("/v1/plans/batch?reasons=none", Json($"[{PlanRequests.Valid},{PlanRequests.Valid}]"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.Empty(Reasons(r.GetProperty("plan"))));
    }
}
