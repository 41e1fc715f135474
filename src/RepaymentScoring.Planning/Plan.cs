using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Actions;

namespace RepaymentScoring.Planning;

/// <summary>An allowed action with its first contact moment, predicted response and value.</summary>
public sealed record ScoredAction(ContactAction Action, DateTimeOffset FirstContactAt, double ResponseProbability, double Uplift, double Value);

/// <summary>An action the profile allows now (waiting included), with its first contact moment.</summary>
public readonly record struct AllowedAction(ContactAction Action, DateTimeOffset FirstContactAt);

/// <summary>An action the profile forbids now: the rules that refuse it and when it becomes allowed (null: no foreseeable date).</summary>
public sealed record RefusedAction(string Channel, IReadOnlyList<Refusal> Refusals, DateTimeOffset? AllowedFrom);

/// <summary>
/// The decision for one account at one moment, as plans.csv and the API show it. Alternatives are the
/// actions the planner valued (calls and visits at their best-answered hour, every other allowed
/// action, waiting), best first; Allowed is every action the profile allows, which exploration draws from.
/// A version without a response model (<see cref="Rules"/> strategy) values no action: Uplift7d and
/// ExpectedValue are null and there are no alternatives.
/// </summary>
public sealed record Plan(
    string AccountId,
    ContactAction Action,
    DateTimeOffset NextContactAt,
    double Propensity30d,
    double? Uplift7d,
    double? ExpectedValue,
    string RiskTier,
    string Stage,
    string Escalation,
    IReadOnlyList<string> Reasons,
    double TreatmentProbability,
    string Strategy,
    string ModelVersion,
    IReadOnlyList<ScoredAction> Alternatives,
    IReadOnlyList<RefusedAction> Refused,
    IReadOnlyList<AllowedAction> Allowed)
{
    public const string Champion = "champion";
    public const string Explore = "explore";
    /// <summary>DOMAIN.md's rules baseline, followed by a version that has no response model.</summary>
    public const string Rules = "rules";
}
