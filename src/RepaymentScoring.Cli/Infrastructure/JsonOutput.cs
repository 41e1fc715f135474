using System.Text.Json;
using RepaymentScoring.Models.Registry;

namespace RepaymentScoring.Cli.Infrastructure;

/// <summary>The JSON the list-like verbs print with --json: the snake_case names of the manifests and the API.</summary>
internal static class JsonOutput
{
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, ModelFiles.Json);
}
