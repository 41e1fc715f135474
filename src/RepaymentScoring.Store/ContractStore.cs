using RepaymentScoring.Contract.Tables;
using Dapper;
using RepaymentScoring.Contract.Csv;
using RepaymentScoring.Contract.Time;
using RepaymentScoring.Store.Audit;
using RepaymentScoring.Store.Connection;
using RepaymentScoring.Store.History;
using RepaymentScoring.Store.Import;
using RepaymentScoring.Store.Migrations;
using RepaymentScoring.Store.Runs;

namespace RepaymentScoring.Store;

/// <summary>
/// The contract tables in SQLite or PostgreSQL, through Dapper: migrations, all-or-nothing imports
/// and streaming reads. Every query is parameterised.
/// </summary>
public sealed class ContractStore
{
    private readonly StoreDialect _dialect;

    static ContractStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public ContractStore(StoreLocation location)
    {
        Location = location;
        _dialect = StoreDialect.For(location);
    }

    public static ContractStore Open(string location) => new(StoreLocation.Parse(location));

    public StoreLocation Location { get; }

    /// <summary>Brings the schema up to date; returns the migrations applied now (none when current).</summary>
    public IReadOnlyList<Migration> Migrate() => new SchemaMigrator(_dialect).Migrate();

    public int SchemaVersion() => new SchemaMigrator(_dialect).CurrentVersion();

    public int LatestSchemaVersion => new SchemaMigrator(_dialect).LatestVersion;

    public TableCounts Counts()
    {
        using var c = _dialect.Open();
        long Count(string table) => c.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table}");
        return new(Count("accounts"), Count("account_features"), Count("account_snapshots"), Count("contacts"), Count("payments"));
    }

    public HashSet<string> AccountIds()
    {
        using var c = _dialect.Open();
        return c.Query<string>("SELECT account_id FROM accounts").ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Feature column name to kind (<c>numeric</c> or <c>categorical</c>), fixed at first import.</summary>
    public IReadOnlyDictionary<string, string> FeatureKinds()
    {
        using var c = _dialect.Open();
        return c.Query<(string Name, string Kind)>("SELECT name, kind FROM feature_columns")
            .ToDictionary(r => r.Name, r => r.Kind, StringComparer.Ordinal);
    }

    /// <summary>
    /// Stores a validated file set in one transaction: identical rows are skipped, new rows added,
    /// rows that differ from a stored row of the same id are errors unless <paramref name="replace"/>.
    /// </summary>
    /// <exception cref="ContractViolationException">A conflict or a feature type clash; nothing was written.</exception>
    public ImportResult Import(ContractDataSet data, bool replace = false, IProgress<string>? progress = null) =>
        new StoreImport(_dialect).Run(data, replace, progress);

    /// <summary>
    /// An account and its rows known at <paramref name="asOf"/>: snapshots whose local day has begun,
    /// contacts and payments strictly before it. Null when the account is unknown.
    /// </summary>
    public AccountHistory? ReadAccountHistory(string accountId, DateTimeOffset asOf)
    {
        using var c = _dialect.Open();
        var row = c.QuerySingleOrDefault<AccountRow>("SELECT * FROM accounts WHERE account_id = @accountId", new { accountId });
        if (row is null) return null;
        var features = c.Query<FeatureRow>("SELECT account_id, name, value FROM account_features WHERE account_id = @accountId", new { accountId })
            .ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);
        var account = row.ToAccount(features);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(account.TimeZone);
        // Local days run at most 14 hours ahead of UTC: fetch one day more, then keep the begun ones.
        var utcDay = DateOnly.FromDateTime(asOf.UtcDateTime);
        var lastDay = utcDay == DateOnly.MaxValue ? utcDay : utcDay.AddDays(1);
        var snapshots = c.Query<SnapshotRow>(
                "SELECT * FROM account_snapshots WHERE account_id = @accountId AND as_of <= @lastDay ORDER BY as_of",
                new { accountId, lastDay = _dialect.Encode(ColumnType.Date, lastDay) })
            .Select(s => s.ToSnapshot())
            .Where(s => LocalDays.StartOf(s.AsOf, zone) <= asOf)
            .ToList();
        var before = _dialect.Encode(ColumnType.Timestamp, asOf);
        var contacts = c.Query<ContactRow>(
            "SELECT * FROM contacts WHERE account_id = @accountId AND contacted_at < @before ORDER BY contacted_at, contact_id",
            new { accountId, before }).Select(r => r.ToContact()).ToList();
        var payments = c.Query<PaymentRow>(
            "SELECT * FROM payments WHERE account_id = @accountId AND paid_at < @before ORDER BY paid_at, payment_id",
            new { accountId, before }).Select(r => r.ToPayment()).ToList();
        return new AccountHistory(account, snapshots, contacts, payments);
    }

    /// <summary>
    /// Every account with all its rows, account by account (ordinal id order), each table in time
    /// order. Streams: one ordered cursor per table, merged, so memory holds one account at a time.
    /// </summary>
    public IEnumerable<AccountHistory> StreamHistories() => new HistoryStream(_dialect).Read();

    /// <summary>Appends served plans to <c>plan_audit</c> in one transaction.</summary>
    public void AppendAudit(IReadOnlyCollection<AuditRow> rows) => new PlanAudit(_dialect).Append(rows);

    /// <summary>Audit rows served in [since, until), oldest first, streamed.</summary>
    public IEnumerable<AuditRow> ReadAudit(DateTimeOffset since, DateTimeOffset until) => new PlanAudit(_dialect).Read(since, until);

    /// <summary>Deletes audit rows served before <paramref name="before"/>; returns how many.</summary>
    public int PurgeAudit(DateTimeOffset before) => new PlanAudit(_dialect).Purge(before);

    /// <summary>Starts writing a run (or a shard of one): add its plans, then complete; disposed before, nothing is stored.</summary>
    public ScoringRunWriter BeginRun(ScoringRun run) => new(_dialect, run);

    /// <summary>Stored runs, newest first.</summary>
    public IReadOnlyList<ScoringRun> Runs() => new ScoringRuns(_dialect).List();

    public ScoringRun? Run(string runId) => new ScoringRuns(_dialect).Get(runId);

    /// <summary>A page of a run's plans matching <paramref name="filter"/>, sorted by <paramref name="sort"/> (see <see cref="RunPlanColumns"/>), and how many match.</summary>
    public (IReadOnlyList<RunPlan> Plans, long Total) RunPlans(string runId, RunPlanFilter filter, string sort, bool descending, int offset, int limit) =>
        new ScoringRuns(_dialect).Page(runId, filter, sort, descending, offset, limit);

    /// <summary>Every plan of a run matching <paramref name="filter"/>, streamed from the store (for exports of any size).</summary>
    public IEnumerable<RunPlan> StreamRunPlans(string runId, RunPlanFilter filter, string sort, bool descending) =>
        new ScoringRuns(_dialect).Stream(runId, filter, sort, descending);

    /// <summary>Totals of a run's plans by the categorical columns <paramref name="by"/>.</summary>
    public IReadOnlyList<RunSummaryRow> RunSummary(string runId, RunPlanFilter filter, IReadOnlyList<string> by) =>
        new ScoringRuns(_dialect).Summary(runId, filter, by);

    /// <summary>How many of a run's matching plans fall in each of <paramref name="bins"/> equal ranges of propensity over [0, 1].</summary>
    public IReadOnlyList<int> RunPropensityHistogram(string runId, RunPlanFilter filter, int bins) =>
        new ScoringRuns(_dialect).PropensityHistogram(runId, filter, bins);

    /// <summary>The options each account of a run offered the portfolio allocator, as stored, in account order.</summary>
    public IEnumerable<(string AccountId, string Options)> RunOptions(string runId) => new ScoringRuns(_dialect).Options(runId);

    /// <summary>Records a CSV export of a run's plans in <c>export_audit</c>.</summary>
    public void RecordExport(RunExport export) => new ScoringRuns(_dialect).RecordExport(export);

    /// <summary>Every recorded export, oldest first.</summary>
    public IReadOnlyList<RunExport> Exports() => new ScoringRuns(_dialect).Exports();

    /// <summary>Removes runs created before <paramref name="before"/> with their plans; returns how many runs.</summary>
    public int PurgeRuns(DateTimeOffset before) => new ScoringRuns(_dialect).Purge(before);
}
