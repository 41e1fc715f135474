using System.Text.Json;
using Microsoft.ML;
using RepaymentScoring.Models.Trees;

namespace RepaymentScoring.Models.Registry;

/// <summary>
/// The files of a version besides its manifest: one ML.NET model file per model (<c>propensity.zip</c>,
/// <c>response.zip</c>, <c>reach.zip</c> when a reach model was learned), the response's levels tree
/// (<c>levels.json</c>, when the second stage was on) and the node covers of every tree in the zips
/// (<c>covers.json</c>: rows of the fitting data below each node, internal nodes then leaves), which
/// exact SHAP needs and ML.NET does not keep.
/// </summary>
public static class ModelFiles
{
    public const string Propensity = "propensity";
    public const string Response = "response";
    public const string Reach = "reach";
    public const string Levels = "levels";
    public const string Covers = "covers";

    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Reads and compiles a version's models as its manifest names them.</summary>
    /// <exception cref="InvalidDataException">A file is missing, unreadable, or does not fit the manifest.</exception>
    public static TrainedModels Read(string folder, ModelManifest manifest)
    {
        var schema = manifest.Schema();
        string PathOf(string role) => manifest.Files.TryGetValue(role, out var file) && !string.IsNullOrWhiteSpace(file)
            ? Path.Combine(folder, Path.GetFileName(file))
            : throw new InvalidDataException($"manifest.json names no {role} file");
        var covers = ReadJson<Dictionary<string, float[][]>>(PathOf(Covers)) ?? throw new InvalidDataException($"{ModelRegistry.CoversFile} is empty");
        var context = new MLContext();
        TreeEnsemble Model(string role, int features)
        {
            var path = PathOf(role);
            byte[] bytes;
            try { bytes = File.ReadAllBytes(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} cannot be read ({e.Message})", e);
            }
            var transformer = MlNetModels.Load(context, bytes, out _);
            var trees = MlNetModels.Compile(transformer, features);
            if (!covers.TryGetValue(role, out var nodeCovers) || nodeCovers.Length != trees.Trees)
                throw new InvalidDataException($"{ModelRegistry.CoversFile} has no covers for the {trees.Trees} trees of {Path.GetFileName(path)}");
            return TreeEnsemble.Compile(features, trees.BaseMargin, [.. trees.Source.Select((t, i) => t with { Cover = nodeCovers[i] })]);
        }
        var state = schema.StateNames.Count;
        var width = schema.ResponseNames.Count;
        var propensity = Model(Propensity, state);
        // No response file: trained on a history without contacts; plans follow the rules baseline.
        var response = manifest.Files.ContainsKey(Response) ? Model(Response, width) : null;
        if (response is not null && manifest.Files.ContainsKey(Levels))
        {
            var levels = ReadJson<FlatTree>(PathOf(Levels)) ?? throw new InvalidDataException($"{ModelRegistry.LevelsFile} is empty");
            response = response.Append(levels);
        }
        // No reach file: trained on a history without calls (its manifest lists no reach channel).
        var reach = response is not null && manifest.ReachChannels.Count > 0 ? Model(Reach, width) : null;
        return new TrainedModels(propensity, response, reach, manifest.ReachChannels, schema);
    }

    private static T? ReadJson<T>(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} cannot be read ({e.Message})", e);
        }
    }
}
