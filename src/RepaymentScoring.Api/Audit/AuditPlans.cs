using RepaymentScoring.Compliance;
using RepaymentScoring.Planning;
using RepaymentScoring.Store.Audit;

namespace RepaymentScoring.Api.Audit;

internal static class AuditPlans
{
    /// <summary>Queues the audit row of a plan served for <paramref name="context"/>'s request.</summary>
    public static void Record(this AuditTrail trail, HttpContext context, Plan plan, ComplianceRules rules) =>
        trail.Record(new AuditRow(DateTimeOffset.UtcNow, context.TraceIdentifier, plan.AccountId, plan.ModelVersion, rules.Settings.Profile,
            plan.Action.Channel, plan.Action.CadenceDays, plan.NextContactAt, plan.ExpectedValue ?? 0, plan.TreatmentProbability, plan.Strategy)); // a rules plan values nothing: 0, its strategy says why
}
