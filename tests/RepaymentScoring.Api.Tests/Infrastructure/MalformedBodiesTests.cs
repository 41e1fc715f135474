using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace RepaymentScoring.Api.Tests.Infrastructure;

/// <summary>Bodies and query values that once answered 500 or were taken silently: each is now a problem response naming the field.</summary>
public sealed class MalformedBodiesTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static ByteArrayContent Bytes(byte[] body, string type = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    private static ByteArrayContent Json(string body) => Bytes(Encoding.UTF8.GetBytes(body));

    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Theory]
    [InlineData("/v1/plans")]
    [InlineData("/v1/plans/batch")]
    public async Task Bytes_that_are_not_utf8_inside_a_string_are_a_400(string path)
    {
        var text = path.EndsWith("batch", StringComparison.Ordinal) ? $"[{PlanRequests.Valid}]" : PlanRequests.Valid;
        var bytes = Encoding.UTF8.GetBytes(text.Replace("\"A1\"", "\"A\u00ff1\"", StringComparison.Ordinal));
        var at = Array.IndexOf(bytes, (byte)0xC3);
        bytes[at] = 0xFF; // a byte that never occurs in UTF-8
        var problem = await Problem(await factory.Client(ApiFactory.ScorerKey).PostAsync(path, Bytes(bytes)), HttpStatusCode.BadRequest);
        Assert.Contains("UTF-8", problem.GetProperty("errors").GetProperty("$")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/plans")]
    [InlineData("/v1/plans/batch")]
    public async Task A_lone_surrogate_escape_in_a_string_is_a_400_naming_the_field(string path)
    {
        var batch = path.EndsWith("batch", StringComparison.Ordinal);
        var text = PlanRequests.Valid.Replace("\"north\"", "\"north\"", StringComparison.Ordinal).Replace("\"employed\"", "\"emp\\udc00loyed\"", StringComparison.Ordinal);
        var problem = await Problem(await factory.Client(ApiFactory.ScorerKey).PostAsync(path, Json(batch ? $"[{text}]" : text)), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(batch ? "[0].account.employment" : "account.employment", out _), problem.ToString());
    }

    [Fact]
    public async Task A_key_given_twice_a_non_json_body_and_an_account_opened_after_the_moment_are_refused()
    {
        var client = factory.Client(ApiFactory.ScorerKey);
        var twice = PlanRequests.Valid.Replace("{\"as_of\": \"2026-03-02T01:00:00Z\",", "{\"as_of\": \"2026-03-02T01:00:00Z\", \"as_of\": \"2026-03-09T01:00:00Z\",", StringComparison.Ordinal);
        var duplicate = await Problem(await client.PostAsync("/v1/plans", Json(twice)), HttpStatusCode.BadRequest);
        Assert.Contains("twice", duplicate.GetProperty("errors").GetProperty("$")[0].GetString(), StringComparison.Ordinal);
        await Problem(await client.PostAsync("/v1/plans", Bytes(Encoding.UTF8.GetBytes(PlanRequests.Valid), "text/plain")), HttpStatusCode.UnsupportedMediaType);
        var early = PlanRequests.Valid.Replace("\"opened_on\": \"2023-03-01\"", "\"opened_on\": \"2026-06-01\"", StringComparison.Ordinal);
        var opened = await Problem(await client.PostAsync("/v1/plans", Json(early)), HttpStatusCode.BadRequest);
        Assert.True(opened.GetProperty("errors").TryGetProperty("account.opened_on", out _));
    }

    [Fact]
    public async Task A_far_future_moment_or_a_windows_zone_name_is_a_400_naming_the_field()
    {
        var client = factory.Client(ApiFactory.ScorerKey);
        var future = PlanRequests.Valid.Replace("\"as_of\": \"2026-03-02T01:00:00Z\"", "\"as_of\": \"9999-12-01T00:00:00Z\"", StringComparison.Ordinal);
        var problem = await Problem(await client.PostAsync("/v1/plans", Json(future)), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("as_of", out _), problem.ToString());
        Assert.False(errors.TryGetProperty("snapshots", out _), problem.ToString());
        var windows = PlanRequests.Valid.Replace("Asia/Shanghai", "China Standard Time", StringComparison.Ordinal);
        Assert.True((await Problem(await client.PostAsync("/v1/plans", Json(windows)), HttpStatusCode.BadRequest))
            .GetProperty("errors").TryGetProperty("account.time_zone", out _));
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_a_413()
    {
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"pad\": \"" + new string('x', 300_000) + "\"}")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/plans") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        await Problem(await factory.Client(ApiFactory.ScorerKey).SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
    }
}
