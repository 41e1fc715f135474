using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Dapper;
using RepaymentScoring.Store.Connection;

namespace RepaymentScoring.Store.Runs;

/// <summary>A stored scoring run: when, at which moment, with which model and profile, within which limits, and its totals.</summary>
public sealed record ScoringRun(string RunId, DateTimeOffset CreatedAt, DateTimeOffset AsOf, string ModelVersion, string Profile,
    string? Capacities, double? Budget, int Accounts, int ContactsPlanned, double ExpectedValue);

/// <summary>One plan of a run: plans.csv's columns with the account's product and region.</summary>
public sealed record RunPlan(string AccountId, string Product, string? Region, string Channel, int CadenceDays, DateTimeOffset NextContactAt,
    [property: JsonPropertyName("propensity_30d")] double Propensity30d, [property: JsonPropertyName("uplift_7d")] double? Uplift7d, double? ExpectedValue, string RiskTier, string Stage, string Escalation, string Reasons,
    double TreatmentProbability, string Strategy, string ModelVersion);

/// <summary>Which plans of a run to read: each list matches any of its values; ranges are inclusive; null is no condition.</summary>
public sealed record RunPlanFilter
{
    public IReadOnlyList<string>? Stage { get; init; }
    public IReadOnlyList<string>? RiskTier { get; init; }
    public IReadOnlyList<string>? Channel { get; init; }
    public IReadOnlyList<int>? CadenceDays { get; init; }
    public IReadOnlyList<string>? Product { get; init; }
    public IReadOnlyList<string>? Region { get; init; }
    public double? MinPropensity { get; init; }
    public double? MaxPropensity { get; init; }
    public double? MinExpectedValue { get; init; }
    public double? MaxExpectedValue { get; init; }

    public static RunPlanFilter None { get; } = new();
}

/// <summary>One group of a run's summary: its values of the grouping columns and the plans' totals.</summary>
public sealed record RunSummaryRow(IReadOnlyDictionary<string, string?> Group, int Plans, int ContactsPlanned, double ExpectedValue,
    double MeanPropensity, double? MeanUplift);

/// <summary>A CSV export of a run's plans, as the audit trail records it: who (the key's name), when, which filter, how many rows.</summary>
public sealed record RunExport(DateTimeOffset ExportedAt, string KeyName, string RunId, string Filter, long Rows);

/// <summary>The columns of <c>run_plans</c> a query may filter, group or sort by; nothing else reaches SQL text.</summary>
public static class RunPlanColumns
{
    public const string Wait = "none";

    /// <summary>Categorical columns: filters and summary groups.</summary>
    public static readonly string[] Categorical = ["stage", "risk_tier", "channel", "cadence_days", "product", "region", "strategy", "escalation"];

    /// <summary>Columns plans can be sorted by.</summary>
    public static readonly string[] Sortable =
        ["account_id", "propensity_30d", "uplift_7d", "expected_value", "next_contact_at", "stage", "risk_tier", "channel", "cadence_days", "product", "region"];
}

/// <summary>Writes one run (or one shard of it) in one transaction: complete, or nothing is stored.</summary>
public sealed class ScoringRunWriter : IDisposable
{
    private const int Batch = 5000;
    private readonly StoreDialect _dialect;
    private readonly DbConnection _connection;
    private readonly DbTransaction _tx;
    private readonly ScoringRun _run;
    private readonly List<RunPlan> _plans = new(Batch);
    private readonly List<(string AccountId, string Options)> _options = new(Batch);
    private readonly Dictionary<CubeKey, CubeCell> _cube = [];
    private int _accounts, _contacts;
    private double _value;
    private bool _completed;

    internal ScoringRunWriter(StoreDialect dialect, ScoringRun run)
    {
        _dialect = dialect;
        _run = run;
        _connection = dialect.Open();
        _tx = dialect.BeginExclusive(_connection);
    }

    public void Add(RunPlan plan, string? options)
    {
        _plans.Add(plan);
        if (options is not null) _options.Add((plan.AccountId, options));
        _accounts++;
        if (plan.Channel != RunPlanColumns.Wait) _contacts++;
        _value += plan.ExpectedValue ?? 0;
        var key = new CubeKey(plan.Stage, plan.RiskTier, plan.Channel, plan.CadenceDays, plan.Product, plan.Region, plan.Strategy, plan.Escalation);
        var cell = _cube.GetValueOrDefault(key) ?? (_cube[key] = new CubeCell());
        cell.Add(plan);
        if (_plans.Count >= Batch) Flush();
    }

    private void Flush()
    {
        _dialect.BulkInsert(_connection, _tx, "run_plans", ScoringRuns.PlanColumns(_run.RunId), _plans);
        _dialect.BulkInsert(_connection, _tx, "run_options", ScoringRuns.OptionColumns(_run.RunId), _options);
        _plans.Clear();
        _options.Clear();
    }

    /// <summary>Stores the rest and the run record (adding to it when another shard wrote it first), then commits.</summary>
    public ScoringRun Complete()
    {
        Flush();
        _dialect.BulkInsert(_connection, _tx, "run_cube", ScoringRuns.CubeColumns(_run.RunId), _cube.ToList());
        var existing = _connection.QuerySingleOrDefault<ScoringRuns.RunDbRow>("SELECT * FROM scoring_runs WHERE run_id = @RunId", new { _run.RunId }, _tx)?.ToRun();
        if (existing is null)
        {
            var run = _run with { Accounts = _accounts, ContactsPlanned = _contacts, ExpectedValue = _value };
            _dialect.BulkInsert(_connection, _tx, "scoring_runs", ScoringRuns.RunColumns, [run]);
        }
        else
        {
            if (existing.ModelVersion != _run.ModelVersion || existing.AsOf != _run.AsOf || existing.Profile != _run.Profile)
                throw new InvalidOperationException($"Run {_run.RunId} was written at {existing.AsOf:O} with {existing.ModelVersion} ({existing.Profile}); a shard of it must use the same moment, model version and profile.");
            _connection.Execute("UPDATE scoring_runs SET accounts = accounts + @a, contacts_planned = contacts_planned + @c, expected_value = expected_value + @v WHERE run_id = @RunId",
                new { a = _accounts, c = _contacts, v = _value, _run.RunId }, _tx);
        }
        _tx.Commit();
        _completed = true;
        return _connection.QuerySingle<ScoringRuns.RunDbRow>("SELECT * FROM scoring_runs WHERE run_id = @RunId", new { _run.RunId }).ToRun();
    }

    public void Dispose()
    {
        if (!_completed) _tx.Rollback();
        _tx.Dispose();
        _connection.Dispose();
    }
}

internal readonly record struct CubeKey(string Stage, string RiskTier, string Channel, int CadenceDays, string Product, string? Region, string Strategy, string Escalation);

/// <summary>Totals of the plans sharing one combination of the categorical columns.</summary>
internal sealed class CubeCell
{
    public int Plans, Contacts, UpliftCount;
    public double Value, Propensity, Uplift;

    public void Add(RunPlan plan)
    {
        Plans++;
        if (plan.Channel != RunPlanColumns.Wait) Contacts++;
        Value += plan.ExpectedValue ?? 0;
        Propensity += plan.Propensity30d;
        if (plan.Uplift7d is { } u)
        {
            Uplift += u;
            UpliftCount++;
        }
    }
}

/// <summary>The stored runs: write, list, query plans (filtered, sorted, paged or streamed), summarise, read the allocator's options, purge.</summary>
internal sealed class ScoringRuns(StoreDialect dialect)
{
    internal static readonly ColumnSpec<ScoringRun>[] RunColumns =
    [
        new("run_id", ColumnType.Text, r => r.RunId), new("created_at", ColumnType.Timestamp, r => r.CreatedAt),
        new("as_of", ColumnType.Timestamp, r => r.AsOf), new("model_version", ColumnType.Text, r => r.ModelVersion),
        new("profile", ColumnType.Text, r => r.Profile), new("capacities", ColumnType.Text, r => r.Capacities),
        new("budget", ColumnType.Real, r => r.Budget), new("accounts", ColumnType.Integer, r => r.Accounts),
        new("contacts_planned", ColumnType.Integer, r => r.ContactsPlanned), new("expected_value", ColumnType.Real, r => r.ExpectedValue),
    ];

    internal static ColumnSpec<RunPlan>[] PlanColumns(string runId) =>
    [
        new("run_id", ColumnType.Text, _ => runId), new("account_id", ColumnType.Text, p => p.AccountId),
        new("product", ColumnType.Text, p => p.Product), new("region", ColumnType.Text, p => p.Region),
        new("channel", ColumnType.Text, p => p.Channel), new("cadence_days", ColumnType.Integer, p => p.CadenceDays),
        new("next_contact_at", ColumnType.Timestamp, p => p.NextContactAt), new("propensity_30d", ColumnType.Real, p => p.Propensity30d),
        new("uplift_7d", ColumnType.Real, p => p.Uplift7d), new("expected_value", ColumnType.Real, p => p.ExpectedValue),
        new("risk_tier", ColumnType.Text, p => p.RiskTier), new("stage", ColumnType.Text, p => p.Stage),
        new("escalation", ColumnType.Text, p => p.Escalation), new("reasons", ColumnType.Text, p => p.Reasons),
        new("treatment_probability", ColumnType.Real, p => p.TreatmentProbability), new("strategy", ColumnType.Text, p => p.Strategy),
        new("model_version", ColumnType.Text, p => p.ModelVersion),
    ];

    internal static ColumnSpec<KeyValuePair<CubeKey, CubeCell>>[] CubeColumns(string runId) =>
    [
        new("run_id", ColumnType.Text, _ => runId), new("stage", ColumnType.Text, c => c.Key.Stage), new("risk_tier", ColumnType.Text, c => c.Key.RiskTier),
        new("channel", ColumnType.Text, c => c.Key.Channel), new("cadence_days", ColumnType.Integer, c => c.Key.CadenceDays),
        new("product", ColumnType.Text, c => c.Key.Product), new("region", ColumnType.Text, c => c.Key.Region),
        new("strategy", ColumnType.Text, c => c.Key.Strategy), new("escalation", ColumnType.Text, c => c.Key.Escalation),
        new("plans", ColumnType.Integer, c => (int)c.Value.Plans), new("contacts", ColumnType.Integer, c => (int)c.Value.Contacts),
        new("value_sum", ColumnType.Real, c => c.Value.Value), new("propensity_sum", ColumnType.Real, c => c.Value.Propensity),
        new("uplift_sum", ColumnType.Real, c => c.Value.Uplift), new("uplift_count", ColumnType.Integer, c => (int)c.Value.UpliftCount),
    ];

    internal static ColumnSpec<(string AccountId, string Options)>[] OptionColumns(string runId) =>
    [
        new("run_id", ColumnType.Text, _ => runId), new("account_id", ColumnType.Text, o => o.AccountId), new("options", ColumnType.Text, o => o.Options),
    ];

#pragma warning disable CA1812 // instantiated by Dapper
    internal sealed class RunDbRow
    {
        public string RunId { get; set; } = "";
        public object CreatedAt { get; set; } = "";
        public object AsOf { get; set; } = "";
        public string ModelVersion { get; set; } = "";
        public string Profile { get; set; } = "";
        public string? Capacities { get; set; }
        public double? Budget { get; set; }
        public long Accounts { get; set; }
        public long ContactsPlanned { get; set; }
        public double ExpectedValue { get; set; }

        public ScoringRun ToRun() => new(RunId, DbValue.Timestamp(CreatedAt), DbValue.Timestamp(AsOf), ModelVersion, Profile, Capacities, Budget,
            (int)Accounts, (int)ContactsPlanned, ExpectedValue);
    }

    internal sealed class PlanDbRow
    {
        public string AccountId { get; set; } = "";
        public string Product { get; set; } = "";
        public string? Region { get; set; }
        public string Channel { get; set; } = "";
        public long CadenceDays { get; set; }
        public object NextContactAt { get; set; } = "";
        public double Propensity30d { get; set; }
        public double? Uplift7d { get; set; }
        public double? ExpectedValue { get; set; }
        public string RiskTier { get; set; } = "";
        public string Stage { get; set; } = "";
        public string Escalation { get; set; } = "";
        public string Reasons { get; set; } = "";
        public double TreatmentProbability { get; set; }
        public string Strategy { get; set; } = "";
        public string ModelVersion { get; set; } = "";

        public RunPlan ToPlan() => new(AccountId, Product, Region, Channel, (int)CadenceDays, DbValue.Timestamp(NextContactAt), Propensity30d, Uplift7d,
            ExpectedValue, RiskTier, Stage, Escalation, Reasons, TreatmentProbability, Strategy, ModelVersion);
    }
#pragma warning restore CA1812

    // Dapper maps propensity_30d to Propensity30d only with this column alias (underscore before digits).
    private const string PlanSelect = "SELECT account_id, product, region, channel, cadence_days, next_contact_at, propensity_30d AS propensity30d, "
        + "uplift_7d AS uplift7d, expected_value, risk_tier, stage, escalation, reasons, treatment_probability, strategy, model_version FROM run_plans";

    public IReadOnlyList<ScoringRun> List()
    {
        using var c = dialect.Open();
        return c.Query<RunDbRow>("SELECT * FROM scoring_runs ORDER BY created_at DESC, run_id").Select(r => r.ToRun()).ToList();
    }

    public ScoringRun? Get(string runId)
    {
        using var c = dialect.Open();
        return c.QuerySingleOrDefault<RunDbRow>("SELECT * FROM scoring_runs WHERE run_id = @runId", new { runId })?.ToRun();
    }

    public (IReadOnlyList<RunPlan> Plans, long Total) Page(string runId, RunPlanFilter filter, string sort, bool descending, int offset, int limit)
    {
        var (where, parameters) = Where(runId, filter);
        using var c = dialect.Open();
        var total = c.ExecuteScalar<long>($"SELECT COUNT(*) FROM run_plans WHERE {where}", parameters);
        parameters.Add("offset", offset);
        parameters.Add("limit", limit);
        var plans = c.Query<PlanDbRow>($"{PlanSelect} WHERE {where} ORDER BY {OrderBy(sort, descending)} LIMIT @limit OFFSET @offset", parameters)
            .Select(p => p.ToPlan()).ToList();
        return (plans, total);
    }

    public IEnumerable<RunPlan> Stream(string runId, RunPlanFilter filter, string sort, bool descending)
    {
        var (where, parameters) = Where(runId, filter);
        using var c = dialect.Open();
        foreach (var row in c.Query<PlanDbRow>($"{PlanSelect} WHERE {where} ORDER BY {OrderBy(sort, descending)}", parameters, buffered: false))
            yield return row.ToPlan();
    }

    public IReadOnlyList<RunSummaryRow> Summary(string runId, RunPlanFilter filter, IReadOnlyList<string> by)
    {
        foreach (var column in by)
            if (!RunPlanColumns.Categorical.Contains(column)) throw new ArgumentException($"'{column}' is not a column a summary can group by.", nameof(by));
        var (where, parameters) = Where(runId, filter);
        var keys = by.Count == 0 ? "" : string.Join(", ", by.Select((b, i) => $"{b} AS g{i}")) + ", ";
        var groupBy = by.Count == 0 ? "" : $" GROUP BY {string.Join(", ", by)} ORDER BY {string.Join(", ", by)}";
        string sql;
        if (filter.MinPropensity is null && filter.MaxPropensity is null && filter.MinExpectedValue is null && filter.MaxExpectedValue is null)
        {
            // Categorical filters only: the run's cube answers (its columns carry the same names).
            sql = $"SELECT {keys}SUM(plans) AS plans, SUM(contacts) AS contacts, SUM(value_sum) AS value, SUM(propensity_sum) / SUM(plans) AS propensity, "
                + $"SUM(uplift_sum) / NULLIF(SUM(uplift_count), 0) AS uplift FROM run_cube WHERE {where}{groupBy}";
        }
        else
        {
            parameters.Add("wait", RunPlanColumns.Wait);
            sql = $"SELECT {keys}COUNT(*) AS plans, SUM(CASE WHEN channel <> @wait THEN 1 ELSE 0 END) AS contacts, "
                + $"COALESCE(SUM(expected_value), 0) AS value, AVG(propensity_30d) AS propensity, AVG(uplift_7d) AS uplift FROM run_plans WHERE {where}{groupBy}";
        }
        using var c = dialect.Open();
        return c.Query(sql, parameters).Select(row =>
        {
            var values = (IDictionary<string, object?>)row;
            var group = by.Select((b, i) => (b, values[$"g{i}"] is { } v and not DBNull ? Convert.ToString(v, CultureInfo.InvariantCulture) : null))
                .ToDictionary(g => g.b, g => g.Item2, StringComparer.Ordinal);
            return new RunSummaryRow(group, Number(values["plans"], v => Convert.ToInt32(v, CultureInfo.InvariantCulture)),
                Number(values["contacts"], v => Convert.ToInt32(v, CultureInfo.InvariantCulture)),
                Number(values["value"], v => Convert.ToDouble(v, CultureInfo.InvariantCulture)), Number(values["propensity"], v => Convert.ToDouble(v, CultureInfo.InvariantCulture)),
                values["uplift"] is { } u and not DBNull ? Convert.ToDouble(u, CultureInfo.InvariantCulture) : null);
        }).Where(r => r.Plans > 0).ToList();
    }

    /// <summary>A summed column: null (no row matched) reads as zero.</summary>
    private static T Number<T>(object? value, Func<object, T> convert) where T : struct => value is null or DBNull ? default : convert(value);

    public IReadOnlyList<int> PropensityHistogram(string runId, RunPlanFilter filter, int bins)
    {
        var (where, parameters) = Where(runId, filter);
        parameters.Add("bins", bins);
        var counts = new int[bins];
        using var c = dialect.Open();
        foreach (var (bin, plans) in c.Query<(long, long)>($"SELECT {dialect.FloorOfNonNegative("propensity_30d * @bins")} AS bin, COUNT(*) FROM run_plans WHERE {where} GROUP BY 1", parameters))
            counts[Math.Clamp((int)bin, 0, bins - 1)] += (int)plans; // a propensity of exactly 1 joins the last bin
        return counts;
    }

    public IEnumerable<(string AccountId, string Options)> Options(string runId)
    {
        using var c = dialect.Open();
        foreach (var row in c.Query<(string, string)>("SELECT account_id, options FROM run_options WHERE run_id = @runId ORDER BY account_id", new { runId }, buffered: false))
            yield return row;
    }

    public void RecordExport(RunExport export)
    {
        using var c = dialect.Open();
        using var tx = c.BeginTransaction();
        dialect.BulkInsert(c, tx, "export_audit", ExportColumns, [export]);
        tx.Commit();
    }

    public IReadOnlyList<RunExport> Exports()
    {
        using var c = dialect.Open();
        return c.Query<(object At, string Key, string Run, string Filter, int Rows)>("SELECT exported_at, key_name, run_id, filter, row_count FROM export_audit ORDER BY exported_at")
            .Select(r => new RunExport(DbValue.Timestamp(r.At), r.Key, r.Run, r.Filter, r.Rows)).ToList();
    }

    private static readonly ColumnSpec<RunExport>[] ExportColumns =
    [
        new("exported_at", ColumnType.Timestamp, e => e.ExportedAt), new("key_name", ColumnType.Text, e => e.KeyName),
        new("run_id", ColumnType.Text, e => e.RunId), new("filter", ColumnType.Text, e => e.Filter), new("row_count", ColumnType.Integer, e => (int)e.Rows),
    ];

    public int Purge(DateTimeOffset before)
    {
        using var c = dialect.Open();
        using var tx = dialect.BeginExclusive(c);
        var stale = new { before = dialect.Encode(ColumnType.Timestamp, before) };
        const string Old = "SELECT run_id FROM scoring_runs WHERE created_at < @before";
        c.Execute($"DELETE FROM run_plans WHERE run_id IN ({Old})", stale, tx);
        c.Execute($"DELETE FROM run_options WHERE run_id IN ({Old})", stale, tx);
        c.Execute($"DELETE FROM run_cube WHERE run_id IN ({Old})", stale, tx);
        var runs = c.Execute("DELETE FROM scoring_runs WHERE created_at < @before", stale, tx);
        tx.Commit();
        return runs;
    }

    private static string OrderBy(string sort, bool descending)
    {
        if (!RunPlanColumns.Sortable.Contains(sort)) throw new ArgumentException($"'{sort}' is not a column plans can be sorted by.", nameof(sort));
        // account_id last: a stable order, so pages neither repeat nor skip a plan.
        return sort == "account_id" ? $"account_id {(descending ? "DESC" : "ASC")}" : $"{sort} {(descending ? "DESC" : "ASC")}, account_id";
    }

    private (string Where, DynamicParameters Parameters) Where(string runId, RunPlanFilter f)
    {
        var sql = new StringBuilder("run_id = @runId");
        var p = new DynamicParameters();
        p.Add("runId", runId);
        void List<T>(string column, IReadOnlyList<T>? values)
        {
            if (values is not { Count: > 0 }) return;
            sql.Append(" AND ").Append(dialect.InList(column, column));
            p.Add(column, values.ToArray());
        }
        void Bound(string column, string name, string op, double? value)
        {
            if (value is not { } v) return;
            sql.Append(CultureInfo.InvariantCulture, $" AND {column} {op} @{name}");
            p.Add(name, v);
        }
        List("stage", f.Stage);
        List("risk_tier", f.RiskTier);
        List("channel", f.Channel);
        List("cadence_days", f.CadenceDays);
        List("product", f.Product);
        List("region", f.Region);
        Bound("propensity_30d", "min_propensity", ">=", f.MinPropensity);
        Bound("propensity_30d", "max_propensity", "<=", f.MaxPropensity);
        Bound("expected_value", "min_value", ">=", f.MinExpectedValue);
        Bound("expected_value", "max_value", "<=", f.MaxExpectedValue);
        return (sql.ToString(), p);
    }
}
