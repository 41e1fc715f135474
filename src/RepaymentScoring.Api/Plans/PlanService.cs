using RepaymentScoring.Api.Audit;
using RepaymentScoring.Api.Infrastructure;
using RepaymentScoring.Api.Models;
using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Planning;

namespace RepaymentScoring.Api.Plans;

/// <summary>A plan the service made, or the errors (by field) of a history it could not plan.</summary>
public readonly record struct PlanOutcome(PlanResponse? Plan, IDictionary<string, string[]>? Errors);

/// <summary>
/// The one way the API plans an account, behind every plan endpoint (a body, a batch item, an account
/// in the store): the served version plans it, and each plan records the same metric and audit row; a
/// history the planner cannot use answers the same errors wherever it came from.
/// </summary>
public sealed class PlanService(ComplianceRules rules, ApiMetrics metrics, AuditTrail audit)
{
    public PlanOutcome Plan(HttpContext context, ServedModel served, AccountHistory history, DateTimeOffset asOf, ReasonsMethod? reasons)
    {
        try
        {
            var plan = served.Planner.Plan(history, asOf, Random.Shared, reasons);
            metrics.Plan(plan.Action.Channel);
            audit.Record(context, plan, rules);
            return new PlanOutcome(PlanResponse.From(plan), null);
        }
        catch (ArgumentException e) when (e is not ArgumentOutOfRangeException)
        {
            // The planner's argument errors are about the history (no snapshot before the moment).
            return new PlanOutcome(null, new Dictionary<string, string[]> { ["snapshots"] = [e.Message] });
        }
    }
}
