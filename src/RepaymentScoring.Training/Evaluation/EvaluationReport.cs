using System.Text.Json;
using System.Text.Json.Serialization;

namespace RepaymentScoring.Training.Evaluation;

/// <summary>The contents of <c>evaluation.json</c> (keys fixed by DESIGN.md; new keys may be added, none renamed).</summary>
public sealed record EvaluationReport(
    [property: JsonPropertyName("propensity")] ClassificationMetrics Propensity,
    [property: JsonPropertyName("response")] ResponseEvaluation? Response,
    [property: JsonPropertyName("policy")] PolicyEstimate? Policy,
    [property: JsonPropertyName("rows")] IReadOnlyDictionary<string, long> Rows)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static EvaluationReport FromJson(string json) => JsonSerializer.Deserialize<EvaluationReport>(json, Json)
        ?? throw new InvalidDataException("evaluation.json is empty.");
}

public sealed record ResponseEvaluation(
    double Auc, double PrAuc, double Brier, double LogLoss, IReadOnlyList<CalibrationBin> Calibration, int Rows, double PositiveRate,
    IReadOnlyDictionary<string, ChannelUplift> PerChannel);

public sealed record ChannelUplift(double Qini, double Auuc, int N, int Control);
