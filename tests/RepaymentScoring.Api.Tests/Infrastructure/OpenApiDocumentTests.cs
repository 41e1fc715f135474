using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Csv;
using RepaymentScoring.Store;
using RepaymentScoring.Tests.Shared;

namespace RepaymentScoring.Api.Tests.Infrastructure;

/// <summary>
/// Real answers of every endpoint, successes and failures, checked against the service's own OpenAPI
/// document: the status is listed for the operation, the media type matches, the body fits the schema.
/// </summary>
public sealed class OpenApiDocumentTests : IDisposable
{
    private readonly ApiFactory _factory = new();
    private readonly string _store;

    public OpenApiDocumentTests()
    {
        _store = Path.Combine(_factory.Models, "openapi.db");
        var store = ContractStore.Open(_store);
        store.Migrate();
        store.Import(new ContractCsvReader(ChannelCatalog.Default).ReadFolder(Path.Combine(RepositoryRoot.Path, "data-samples")));
    }

    [Fact]
    public async Task Every_answer_of_every_endpoint_is_described_by_the_document_with_its_status_media_type_and_schema()
    {
        using var served = _factory.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Store", _store));
        var client = served.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;
        Assert.Equal("apiKey", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("type").GetString());
        Assert.True(root.GetProperty("paths").GetProperty("/v1/plans").GetProperty("post").GetProperty("requestBody").TryGetProperty("content", out _));
        foreach (var schema in root.GetProperty("components").GetProperty("schemas").EnumerateObject())
            Assert.True(schema.Value.TryGetProperty("examples", out var examples) && examples.GetArrayLength() > 0, $"{schema.Name} has no example");

        var json = "application/json";
        var calls = new (string Method, string Path, string Template, string? Key, string? Body, string? Type)[]
        {
            ("GET", "/health/live", "/health/live", null, null, null),
            ("GET", "/health/ready", "/health/ready", null, null, null),
            ("POST", "/v1/plans", "/v1/plans", ApiFactory.ScorerKey, PlanRequests.Valid, json),
            ("POST", "/v1/plans?reasons=none", "/v1/plans", ApiFactory.ScorerKey, PlanRequests.Valid, json),
            ("POST", "/v1/plans", "/v1/plans", ApiFactory.ScorerKey, "{\"as_of\": 5}", json),
            ("POST", "/v1/plans", "/v1/plans", ApiFactory.ScorerKey, PlanRequests.Valid, "text/plain"),
            ("POST", "/v1/plans", "/v1/plans", ApiFactory.ScorerKey, "{\"pad\": \"" + new string('x', 250_000) + "\"}", json),
            ("POST", "/v1/plans", "/v1/plans", null, PlanRequests.Valid, json),
            ("POST", "/v1/plans/batch", "/v1/plans/batch", ApiFactory.ScorerKey, $"[{PlanRequests.Valid}, {{\"as_of\": 1}}]", json),
            ("POST", "/v1/plans/batch", "/v1/plans/batch", ApiFactory.ScorerKey, "{}", json),
            ("GET", "/v1/accounts/A0000005/plan?as_of=2026-03-01T00:00:00Z", "/v1/accounts/{accountId}/plan", ApiFactory.ScorerKey, null, null),
            ("GET", "/v1/accounts/NOBODY/plan", "/v1/accounts/{accountId}/plan", ApiFactory.ScorerKey, null, null),
            ("GET", "/v1/accounts/A0000005/plan?as_of=yesterday", "/v1/accounts/{accountId}/plan", ApiFactory.ScorerKey, null, null),
            ("GET", "/v1/accounts/A0000005/scores", "/v1/accounts/{accountId}/scores", ApiFactory.ScorerKey, null, null),
            ("GET", "/v1/accounts/A0000005/scores", "/v1/accounts/{accountId}/scores", "wrong-key", null, null),
            ("GET", "/v1/models/current", "/v1/models/current", ApiFactory.AdminKey, null, null),
            ("GET", "/v1/models/current", "/v1/models/current", ApiFactory.ScorerKey, null, null),
            ("POST", "/v1/models/reload", "/v1/models/reload", ApiFactory.AdminKey, null, null),
            ("GET", "/v1/runs", "/v1/runs", ApiFactory.AnalystKey, null, null),
            ("GET", "/v1/runs/nope", "/v1/runs/{runId}", ApiFactory.AnalystKey, null, null),
            ("GET", "/v1/runs/nope/plans?stage=ancient", "/v1/runs/{runId}/plans", ApiFactory.AnalystKey, null, null),
            ("GET", "/v1/runs/nope/summary?by=stage", "/v1/runs/{runId}/summary", ApiFactory.AnalystKey, null, null),
            ("POST", "/v1/runs/nope/what-if", "/v1/runs/{runId}/what-if", ApiFactory.AnalystKey, "{\"budget\": -1}", json),
        };
        var statuses = new HashSet<int>();
        foreach (var (method, path, template, key, body, type) in calls)
        {
            var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (key is not null) request.Headers.Add("X-Api-Key", key);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(type!);
            }
            using var response = await client.SendAsync(request);
            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            statuses.Add((int)response.StatusCode);
            var operation = root.GetProperty("paths").GetProperty(template).GetProperty(method.ToLowerInvariant());
            Assert.True(operation.GetProperty("responses").TryGetProperty(status, out var described), $"{method} {path}: {status} is not in the document");
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (!described.TryGetProperty("content", out var content)) continue;
            Assert.True(mediaType is not null && content.TryGetProperty(mediaType, out var media), $"{method} {path}: {status} answered {mediaType}, not in the document");
            var errors = new List<string>();
            Validate(root, content.GetProperty(mediaType!).GetProperty("schema"), JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement, "$", errors);
            Assert.True(errors.Count == 0, $"{method} {path} ({status}): {string.Join("; ", errors.Take(5))}");
        }
        Assert.Superset(new HashSet<int> { 200, 400, 401, 403, 404, 413, 415 }, statuses);
    }

    /// <summary>The JSON Schema of OpenAPI 3.1 as the document uses it: $ref, oneOf/anyOf, type lists, properties, required, items, additionalProperties, date-time.</summary>
    private static void Validate(JsonElement document, JsonElement schema, JsonElement value, string path, List<string> errors)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var target = document;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/')) target = target.GetProperty(part);
            Validate(document, target, value, path, errors);
            return;
        }
        foreach (var combinator in new[] { "oneOf", "anyOf" })
            if (schema.TryGetProperty(combinator, out var options))
            {
                if (!options.EnumerateArray().Any(o => { var e = new List<string>(); Validate(document, o, value, path, e); return e.Count == 0; }))
                    errors.Add($"{path}: fits none of {combinator}");
                return;
            }
        if (schema.TryGetProperty("type", out var type))
        {
            var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
            var fits = types.Any(t => t switch
            {
                "null" => value.ValueKind == JsonValueKind.Null,
                "string" => value.ValueKind == JsonValueKind.String,
                "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
                "number" => value.ValueKind == JsonValueKind.Number,
                "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                "object" => value.ValueKind == JsonValueKind.Object,
                "array" => value.ValueKind == JsonValueKind.Array,
                _ => false,
            });
            if (!fits)
            {
                errors.Add($"{path}: {value.ValueKind} where the document says {string.Join(" or ", types)}");
                return;
            }
        }
        if (value.ValueKind == JsonValueKind.String && schema.TryGetProperty("format", out var format) && format.GetString() == "date-time"
            && !DateTimeOffset.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out _))
            errors.Add($"{path}: '{value.GetString()}' is not a date-time");
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (schema.TryGetProperty("required", out var required))
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    if (!value.TryGetProperty(name, out _)) errors.Add($"{path}.{name}: required but absent");
            var properties = schema.TryGetProperty("properties", out var p) ? p : default;
            foreach (var property in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
                    Validate(document, propertySchema, property.Value, $"{path}.{property.Name}", errors);
                else if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.Object)
                    Validate(document, additional, property.Value, $"{path}.{property.Name}", errors);
            }
        }
        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray()) Validate(document, items, item, $"{path}[{i++}]", errors);
        }
    }

    public void Dispose() => _factory.Dispose();
}
