using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;

namespace RepaymentScoring.Api.Infrastructure;

/// <summary>
/// Reads a JSON body within a byte limit: too large is a 413 (whether the size is announced or the
/// body is chunked), a body that is not JSON a 415, and malformed JSON, bytes that are not UTF-8, a
/// string that is not valid Unicode or a key given twice a 400 naming where; all as problem responses.
/// </summary>
internal readonly record struct JsonBody(JsonElement Json, ProblemHttpResult? Problem)
{
    public static async Task<JsonBody> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancel)
    {
        if (!request.HasJsonContentType())
            return new(default, TypedResults.Problem("The body must be JSON (Content-Type: application/json).",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        if (request.ContentLength > maxBytes) return new(default, TooLargeProblem(maxBytes));
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancel)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    // Read to the end (Kestrel stops a far larger body), so the client receives the answer.
                    while (await request.Body.ReadAsync(chunk, cancel) > 0) { }
                    return new(default, TooLargeProblem(maxBytes));
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own limit on a chunked body, or a body cut short by the client.
            return new(default, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLargeProblem(maxBytes)
                : Invalid("$", "the body could not be read completely"));
        }
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (!Utf8.IsValid(bytes))
            return new(default, Invalid("$", "the body is not valid UTF-8"));
        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length),
                new JsonDocumentOptions { MaxDepth = 32, AllowDuplicateProperties = false });
            if (FirstInvalidString(document.RootElement, "$") is { } path)
                return new(default, Invalid(path, "not valid Unicode text (a lone surrogate escape such as \\udc00)"));
            return new(document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            var duplicate = e.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) ? "a key appears twice in one object; " : "";
            return new(default, Invalid("$", $"{duplicate}malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine}"));
        }
    }

    /// <summary>The path of the first string or key that does not decode to valid UTF-16, or null.</summary>
    private static string? FirstInvalidString(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsValidText(element) ? null : path;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return path;
                    }
                    if (FirstInvalidString(property.Value, path == "$" ? name : $"{path}.{name}") is { } found) return found;
                }
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                    if (FirstInvalidString(item, path == "$" ? $"[{i}]" : $"{path}[{i}]") is { } found) return found;
                    else i++;
                return null;
            default:
                return null;
        }
    }

    private static bool IsValidText(JsonElement text)
    {
        try
        {
            text.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static ProblemHttpResult Invalid(string field, string reason) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [reason] }) { Status = StatusCodes.Status400BadRequest });

    private static ProblemHttpResult TooLargeProblem(long maxBytes) =>
        TypedResults.Problem($"The body is larger than {maxBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
}
