using System.Text.Json;
using System.Text.Json.Serialization;
using RepaymentScoring.Features;

namespace RepaymentScoring.Training.Registry;

/// <summary>What a model version was made from and how: data, features and encodings, parameters, split, metrics.</summary>
public sealed record ModelManifest
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required string XgboostVersion { get; init; }
    public required ManifestData Data { get; init; }
    public required ManifestFeatures Features { get; init; }
    public required Dictionary<string, Dictionary<string, string>> Parameters { get; init; }
    public required ulong Seed { get; init; }
    public required Dictionary<string, int> Rounds { get; init; }
    public required ManifestSplit Split { get; init; }
    public required ManifestWeights Weights { get; init; }
    public required LabelSettings Labels { get; init; }
    public required Dictionary<string, double> Metrics { get; init; }

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ModelManifest FromJson(string json) =>
        JsonSerializer.Deserialize<ModelManifest>(json, Json) ?? throw new InvalidDataException("manifest.json is empty.");

    /// <summary>
    /// Why this build cannot serve the version, or null when it can: the feature columns this build
    /// derives from the manifest's channels and extra columns must be the ones the models were trained on.
    /// </summary>
    public string? SchemaMismatch()
    {
        if (Features.SchemaVersion != FeatureSchema.Version)
            return $"feature schema version {Features.SchemaVersion}, this build has {FeatureSchema.Version}";
        var rebuilt = Schema();
        if (!rebuilt.ResponseNames.SequenceEqual(Features.Response) || !rebuilt.StateNames.SequenceEqual(Features.State))
        {
            var first = rebuilt.ResponseNames.Zip(Features.Response).Select((p, i) => (p, i)).FirstOrDefault(x => x.p.First != x.p.Second);
            return $"feature columns differ from this build's ({Features.Response.Count} vs {rebuilt.ResponseNames.Count}; first difference at column {first.i}: '{first.p.Second}' vs '{first.p.First}')";
        }
        return null;
    }

    /// <summary>The schema the models read, frozen: unseen categories become missing values.</summary>
    public FeatureSchema Schema() => new(Features.Channels, Features.Extras.Select(e => e with { Categories = [.. e.Categories] }), [.. Features.Regions])
    {
        Frozen = true,
    };
}

public sealed record ManifestData(string Source, string Fingerprint, int Accounts, DateTimeOffset DataEnd,
    Dictionary<string, long> PropensityRows, Dictionary<string, long> ResponseRows, Dictionary<string, Dictionary<string, long>> Dropped);

public sealed record ManifestFeatures(int SchemaVersion, string LayoutFingerprint, IReadOnlyList<string> State, IReadOnlyList<string> Response,
    IReadOnlyList<string> Channels, IReadOnlyList<string> Regions, IReadOnlyList<ExtraFeature> Extras)
{
    public static ManifestFeatures From(FeatureSchema s) =>
        new(FeatureSchema.Version, s.LayoutFingerprint, s.StateNames, s.ResponseNames, s.Channels, s.Regions, s.Extras);
}

public sealed record ManifestSplit(string Method, DateTimeOffset ValidFrom, DateTimeOffset TestFrom, double TrainShare, double ValidShare);

public sealed record ManifestWeights(string Method, double ClipPercentile, double Cap);
