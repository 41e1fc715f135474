using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using RepaymentScoring.Api.Auth;
using RepaymentScoring.Api.Plans;

namespace RepaymentScoring.Api.Infrastructure;

/// <summary>
/// The OpenAPI document services generate clients from: the API key scheme, every status an
/// endpoint can answer (problem responses included), request body schemas and examples.
/// </summary>
internal static class ApiDocument
{
    private const string KeyScheme = "ApiKey";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "RepaymentScoring API";
            document.Info.Description = "Contact plans for overdue accounts within the contact-compliance rules. Errors are RFC 7807 problem responses; every response carries X-Model-Version.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[KeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                Name = ApiKeys.Header,
                In = ParameterLocation.Header,
                Description = "An API key; its role (scorer or admin) decides which endpoints it may call.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(KeyScheme, context.Document)] = [] });
                AddProblem(operation, StatusCodes.Status401Unauthorized, "No valid API key");
                AddProblem(operation, StatusCodes.Status403Forbidden, "The key's role may not call this endpoint");
                AddProblem(operation, StatusCodes.Status429TooManyRequests, "Over the key's rate limit; Retry-After says when to try again");
            }
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            // Every object gets an example: a written one where it teaches more, else one made from its properties' types.
            if (Examples.Written.TryGetValue(context.JsonTypeInfo.Type, out var written)) schema.Examples = [JsonNode.Parse(written)!];
            else if (Examples.Of(context.JsonTypeInfo, 0) is JsonObject example) schema.Examples = [example];
            return Task.CompletedTask;
        });
    });

    private static void AddProblem(OpenApiOperation operation, int status, string description)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.ContainsKey(key)) return;
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails") },
            },
        };
    }

    /// <summary>Declares the problem responses an endpoint answers besides those of its key (401, 403, 429).</summary>
    public static RouteHandlerBuilder WithProblems(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        foreach (var status in statuses) endpoint.ProducesProblem(status);
        return endpoint;
    }

    public static class Examples
    {
        public static readonly IReadOnlyDictionary<Type, string> Written = new Dictionary<Type, string>
        {
            [typeof(PlanRequestBody)] = PlanRequest,
            [typeof(Runs.WhatIfRequest)] = """{"capacity": {"phone": 50, "visit": 5}, "budget": 500}""",
        };

        /// <summary>An example value of a type from its JSON contract: sample values by property type, objects and lists one level deep each.</summary>
        public static JsonNode? Of(System.Text.Json.Serialization.Metadata.JsonTypeInfo info, int depth)
        {
            var type = Nullable.GetUnderlyingType(info.Type) ?? info.Type;
            if (type == typeof(string)) return "text";
            if (type == typeof(bool)) return true;
            if (type == typeof(int) || type == typeof(long)) return 7;
            if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return 0.25;
            if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return "2026-03-02T01:00:00+00:00";
            if (type == typeof(DateOnly)) return "2026-03-02";
            if (depth > 3) return null;
            if (info.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Enumerable && info.ElementType is { } element)
                return Of(info.Options.GetTypeInfo(element), depth + 1) is { } item ? new JsonArray(item) : new JsonArray();
            if (info.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Dictionary && info.ElementType is { } value)
                return Of(info.Options.GetTypeInfo(value), depth + 1) is { } v ? new JsonObject { ["key"] = v } : new JsonObject();
            if (info.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object) return null;
            var result = new JsonObject();
            foreach (var property in info.Properties)
                result[property.Name] = Of(info.Options.GetTypeInfo(property.PropertyType), depth + 1);
            return result;
        }

        public const string PlanRequest = """
        {"as_of": "2026-03-02T01:00:00Z",
         "account": {"account_id": "A1", "product": "personal_loan", "opened_on": "2023-03-01", "time_zone": "Asia/Shanghai", "customer_age": 41, "bureau_score": 610},
         "snapshots": [{"as_of": "2026-03-02", "days_past_due": 40, "amount_due": 800, "balance": 2400}],
         "contacts": [{"contact_id": "C1", "contacted_at": "2026-02-23T11:00:00Z", "channel": "phone", "outcome": "no_answer", "cadence_days": 7}],
         "payments": [{"payment_id": "P1", "paid_at": "2026-02-01T10:00:00Z", "amount": 50}]}
        """;
    }
}
