using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Planning;
using RepaymentScoring.Planning.Portfolio;
using RepaymentScoring.Store;
using RepaymentScoring.Store.Runs;

namespace RepaymentScoring.Cli.Infrastructure;

/// <summary>
/// Writes a scoring run into a store as its plans are made (<c>repay score|plan --store</c>): the run
/// record, every plan with its account's product and region, and the options each account offered
/// the portfolio allocator, all in one transaction, committed when the batch has finished.
/// </summary>
internal sealed class StoredRun : IPlanRecorder, IDisposable
{
    private readonly ScoringRunWriter _writer;

    private StoredRun(ScoringRunWriter writer, PlanningOptions options)
    {
        _writer = writer;
        Options = options;
    }

    public PlanningOptions? Options { get; }

    public static Option<string?> StoreOption() => new("--store")
    {
        Description = "Also store the run (its record and every plan) in this SQLite file or PostgreSQL connection string, for portfolio queries and the dashboard.",
    };

    public static Option<string?> RunOption() => new("--run")
    {
        Description = "Id of the stored run (default: a new one); shards of one batch given the same id write into one run.",
    };

    /// <summary>Starts a run when --store is given; purges runs older than Runs:RetentionDays (default 90) first.</summary>
    public static StoredRun? Begin(ParseResult parse, Option<string?> store, Option<string?> run, IConfiguration configuration,
        DateTimeOffset at, string modelVersion, string profile, PlanningOptions options, PortfolioLimits? limits = null)
    {
        if (parse.GetValue(store) is not { Length: > 0 } location) return null;
        var target = ContractStore.Open(location);
        target.Migrate();
        var retention = configuration.GetValue("Runs:RetentionDays", 90);
        if (retention < 1) throw new UserError($"Runs:RetentionDays must be 1 or more (was {retention}).");
        target.PurgeRuns(DateTimeOffset.UtcNow.AddDays(-retention));
        var id = parse.GetValue(run) ?? $"{DateTimeOffset.UtcNow:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid().ToString("N")[..8]}";
        if (id.Length > 64 || id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw new UserError($"--run '{id}' must be at most 64 letters, digits, '-', '_' or '.'.");
        var capacities = limits is { Capacity.Count: > 0 } ? string.Join(',', limits.Capacity.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}")) : null;
        var header = new ScoringRun(id, DateTimeOffset.UtcNow, at, modelVersion, profile, capacities, limits?.Budget, 0, 0, 0);
        return new StoredRun(target.BeginRun(header), options);
    }

    public void Record(Plan plan, Account account, IReadOnlyList<PortfolioOption>? options) =>
        _writer.Add(new RunPlan(plan.AccountId, account.Product, account.Region, plan.Action.Channel, plan.Action.CadenceDays, plan.NextContactAt,
            plan.Propensity30d, plan.Uplift7d, plan.ExpectedValue, plan.RiskTier, plan.Stage, plan.Escalation, string.Join(';', plan.Reasons),
            plan.TreatmentProbability, plan.Strategy, plan.ModelVersion), options is null ? null : PortfolioOptionText.Encode(options));

    /// <summary>Commits the run and says so.</summary>
    public void Complete()
    {
        var run = _writer.Complete();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Stored run {run.RunId}: {run.Accounts:N0} plans, {run.ContactsPlanned:N0} contacts planned, expected value {run.ExpectedValue:N2}."));
    }

    public void Dispose() => _writer.Dispose();
}
