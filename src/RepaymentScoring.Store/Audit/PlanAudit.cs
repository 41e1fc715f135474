using Dapper;
using RepaymentScoring.Store.Connection;

namespace RepaymentScoring.Store.Audit;

/// <summary>One served plan, as the audit trail keeps it.</summary>
public sealed record AuditRow(
    DateTimeOffset ServedAt, string RequestId, string AccountId, string ModelVersion, string Profile, string Channel,
    int CadenceDays, DateTimeOffset NextContactAt, double ExpectedValue, double TreatmentProbability, string Strategy);

#pragma warning disable CA1812 // instantiated by Dapper
internal sealed class AuditDbRow
{
    public object ServedAt { get; set; } = "";
    public string RequestId { get; set; } = "";
    public string AccountId { get; set; } = "";
    public string ModelVersion { get; set; } = "";
    public string Profile { get; set; } = "";
    public string Channel { get; set; } = "";
    public long CadenceDays { get; set; }
    public object NextContactAt { get; set; } = "";
    public double ExpectedValue { get; set; }
    public double TreatmentProbability { get; set; }
    public string Strategy { get; set; } = "";

    public AuditRow ToRow() => new(DbValue.Timestamp(ServedAt), RequestId, AccountId, ModelVersion, Profile, Channel, (int)CadenceDays,
        DbValue.Timestamp(NextContactAt), ExpectedValue, TreatmentProbability, Strategy);
}
#pragma warning restore CA1812

/// <summary>The <c>plan_audit</c> table: append in batches, read a time range in order, purge by age.</summary>
internal sealed class PlanAudit(StoreDialect dialect)
{
    private static readonly ColumnSpec<AuditRow>[] Columns =
    [
        new("served_at", ColumnType.Timestamp, r => r.ServedAt),
        new("request_id", ColumnType.Text, r => r.RequestId),
        new("account_id", ColumnType.Text, r => r.AccountId),
        new("model_version", ColumnType.Text, r => r.ModelVersion),
        new("profile", ColumnType.Text, r => r.Profile),
        new("channel", ColumnType.Text, r => r.Channel),
        new("cadence_days", ColumnType.Integer, r => r.CadenceDays),
        new("next_contact_at", ColumnType.Timestamp, r => r.NextContactAt),
        new("expected_value", ColumnType.Real, r => r.ExpectedValue),
        new("treatment_probability", ColumnType.Real, r => r.TreatmentProbability),
        new("strategy", ColumnType.Text, r => r.Strategy),
    ];

    public void Append(IReadOnlyCollection<AuditRow> rows)
    {
        using var c = dialect.Open();
        using var tx = c.BeginTransaction();
        dialect.BulkInsert(c, tx, "plan_audit", Columns, rows);
        tx.Commit();
    }

    public IEnumerable<AuditRow> Read(DateTimeOffset since, DateTimeOffset until)
    {
        using var c = dialect.Open();
        foreach (var row in c.Query<AuditDbRow>("SELECT * FROM plan_audit WHERE served_at >= @since AND served_at < @until ORDER BY served_at",
                     new { since = dialect.Encode(ColumnType.Timestamp, since), until = dialect.Encode(ColumnType.Timestamp, until) }, buffered: false))
            yield return row.ToRow();
    }

    public int Purge(DateTimeOffset before)
    {
        using var c = dialect.Open();
        return c.Execute("DELETE FROM plan_audit WHERE served_at < @before", new { before = dialect.Encode(ColumnType.Timestamp, before) });
    }
}
