using System.Text.Json;
using System.Text.Json.Serialization;
using RepaymentScoring.Features;

namespace RepaymentScoring.Models.Registry;

/// <summary>What a model version was made from and how: data, features and encodings, parameters, split, metrics.</summary>
public sealed record ModelManifest
{
    public required string Name { get; init; }
    public required string Version { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The ML.NET version that wrote the model files; absent in versions made by earlier builds (XGBoost), which this build refuses.</summary>
    public string? MlNetVersion { get; init; }
    /// <summary>The ML.NET trainer of every model: lightgbm or fasttree.</summary>
    public string? Trainer { get; init; }
    /// <summary>The version's files by role: propensity, response, reach (ML.NET .zip), levels (the response's appended tree), covers (each zip tree's node covers).</summary>
    public Dictionary<string, string> Files { get; init; } = [];
    public required ManifestData Data { get; init; }
    public required ManifestFeatures Features { get; init; }
    public required Dictionary<string, Dictionary<string, string>> Parameters { get; init; }
    public required ulong Seed { get; init; }
    public required Dictionary<string, int> Rounds { get; init; }
    public required ManifestSplit Split { get; init; }
    public required ManifestWeights Weights { get; init; }
    public required LabelSettings Labels { get; init; }
    public required Dictionary<string, double> Metrics { get; init; }
    public required PlanningPriors Planning { get; init; }
    /// <summary>Wall seconds of each training stage (features, propensity, response, evaluation); absent in older manifests.</summary>
    public Dictionary<string, double> Seconds { get; init; } = [];
    /// <summary>Channels the reach model covers (their rows get action_reach).</summary>
    public IReadOnlyList<string> ReachChannels { get; init; } = [];
    /// <summary>The response model's last tree: log-odds shift by stage and channel ("late/visit"); absent when the stage was off or in older manifests.</summary>
    public Dictionary<string, double>? ActionShifts { get; init; }
    /// <summary>Why the version has no response model (a history without contacts); null when it has one. Its plans follow the rules baseline.</summary>
    public string? NoResponseModel { get; init; }
    /// <summary>The same cells with their training rows, effective rows and the weights each level was fitted with; absent in older manifests.</summary>
    public Dictionary<string, ActionCell>? ActionCells { get; init; }

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
        if (MlNetVersion is null)
            return "it was made by an earlier build with XGBoost model files, which this build does not read; train a new version with 'repay train'";
        if (Features is null || Features.State is null || Features.Response is null || Features.Channels is null)
            return "its manifest lists no feature columns";
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

/// <summary>
/// What planning needs besides the models, learned from the training rows: the share of the amount due
/// a paying customer pays within 7 days, and the rate of complaints and opt-outs per contact by channel
/// and intensity (1, 2, 3, 4+), smoothed towards none seen.
/// </summary>
public sealed record PlanningPriors(double RecoveryShare, Dictionary<string, double[]> ComplaintRate)
{
    public double Complaint(string channel, int intensity) =>
        ComplaintRate.TryGetValue(channel, out var rates) && rates.Length == 4 ? rates[Math.Clamp(intensity, 1, 4) - 1] : 0;
}

public sealed record ManifestSplit(string Method, DateTimeOffset ValidFrom, DateTimeOffset TestFrom, double TrainShare, double ValidShare);

public sealed record ManifestWeights(string Method, double ClipPercentile, double Cap);
