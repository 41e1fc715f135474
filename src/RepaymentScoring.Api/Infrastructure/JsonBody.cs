using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace RepaymentScoring.Api.Infrastructure;

/// <summary>
/// Reads a JSON body within a byte limit: too large is a 413, malformed JSON a 400 naming where it
/// broke, both as problem responses (the framework's own binding would answer malformed JSON with a 500
/// in some hosts, and a test server enforces no size limit).
/// </summary>
internal readonly record struct JsonBody(JsonElement Json, ProblemHttpResult? TooLarge, ValidationProblem? Invalid)
{
    public static async Task<JsonBody> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancel)
    {
        if (request.ContentLength > maxBytes) return new(default, TooLargeProblem(maxBytes), null);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancel)) > 0)
        {
            if (buffer.Length + read > maxBytes) return new(default, TooLargeProblem(maxBytes), null);
            buffer.Write(chunk, 0, read);
        }
        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
            return new(document.RootElement.Clone(), null, null);
        }
        catch (JsonException e)
        {
            return new(default, null, TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["$"] = [$"malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine}"],
            }));
        }
    }

    private static ProblemHttpResult TooLargeProblem(long maxBytes) =>
        TypedResults.Problem($"The body is larger than {maxBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
}
