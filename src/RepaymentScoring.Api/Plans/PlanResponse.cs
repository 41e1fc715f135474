using System.Text.Json.Serialization;
using RepaymentScoring.Planning;

namespace RepaymentScoring.Api.Plans;

/// <summary>A plan as JSON: plans.csv's fields, then the ranked alternatives and the refused channels.</summary>
public sealed record PlanResponse(
    string AccountId, string Channel, int CadenceDays, DateTimeOffset NextContactAt,
    [property: JsonPropertyName("propensity_30d")] double Propensity30d, [property: JsonPropertyName("uplift_7d")] double? Uplift7d,
    double? ExpectedValue, string RiskTier, string Stage, string Escalation, IReadOnlyList<string> Reasons, double TreatmentProbability,
    string Strategy, string ModelVersion, IReadOnlyList<AlternativeResponse> Alternatives, IReadOnlyList<RefusalResponse> Refused)
{
    public static PlanResponse From(Plan p) => new(p.AccountId, p.Action.Channel, p.Action.CadenceDays, p.NextContactAt, p.Propensity30d,
        p.Uplift7d, p.ExpectedValue, p.RiskTier, p.Stage, p.Escalation, p.Reasons, p.TreatmentProbability, p.Strategy, p.ModelVersion,
        p.Alternatives.Take(10).Select(a => new AlternativeResponse(a.Action.Channel, a.Action.CadenceDays, a.Action.IsWait ? null : a.Action.Hour,
            a.FirstContactAt, a.ResponseProbability, a.Uplift, a.Value)).ToList(),
        p.Refused.Select(r => new RefusalResponse(r.Channel, r.Refusals.Select(x => x.RuleId).ToList(), r.Refusals.Select(x => x.Reason).ToList(), r.AllowedFrom)).ToList());
}

public sealed record AlternativeResponse(string Channel, int CadenceDays, int? Hour, DateTimeOffset FirstContactAt, double ResponseProbability, double Uplift, double Value);

public sealed record RefusalResponse(string Channel, IReadOnlyList<string> RuleIds, IReadOnlyList<string> Reasons, DateTimeOffset? AllowedFrom);
