using System.Globalization;
using System.Text;
using CsvHelper;
using RepaymentScoring.Contract.Csv;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Contract.Time;
using RepaymentScoring.Features;

namespace RepaymentScoring.Planning;

/// <summary>
/// Receives each plan a batch writes, in plans.csv's order, with its account and, when
/// <see cref="Options"/> is set, the options it offers a portfolio allocator (a stored run keeps them).
/// </summary>
public interface IPlanRecorder
{
    PlanningOptions? Options { get; }
    void Record(Plan plan, Account account, IReadOnlyList<Portfolio.PortfolioOption>? options);
}

/// <summary>Plans every account in collection at a moment, streaming plans.csv (columns documented in the README).</summary>
public static class BatchScoring
{
    public static readonly string[] Columns =
    [
        "account_id", "channel", "cadence_days", "next_contact_at", "propensity_30d", "uplift_7d", "expected_value", "risk_tier",
        "stage", "escalation", "reasons", "treatment_probability", "strategy", "model_version",
    ];

    /// <summary>
    /// In collection at <paramref name="at"/>: a latest snapshot with DPD over 0 (rolled forward), not in
    /// litigation, no cease_contact, and its amount due not paid since. Snapshots may be weekly or
    /// stop when an account is repaid: payments after the snapshot that cover its amount due mean the
    /// arrears are cleared, however late the snapshot says the account is.
    /// </summary>
    public static bool InCollection(AccountHistory history, DateTimeOffset at) => InCollection(new AccountTimeline(history), at);

    /// <inheritdoc cref="InCollection(AccountHistory, DateTimeOffset)"/>
    public static bool InCollection(AccountTimeline timeline, DateTimeOffset at)
    {
        var history = timeline.History;
        var i = timeline.LatestSnapshotAt(at);
        if (i < 0) return false;
        var s = history.Snapshots[i];
        if (s.DaysPastDue <= 0 || s.LegalStatus == LegalStatuses.Litigation || s.CeaseContact) return false;
        return timeline.PaidBetween(LocalDays.StartOf(s.AsOf, timeline.Zone), at, openStart: false) < s.AmountDue;
    }

    /// <summary>Which of <paramref name="shards"/> workers plans an account: a stable hash of its id.</summary>
    public static int ShardOf(string accountId, int shards) =>
        (int)(StableHash(accountId) % (ulong)shards);

    /// <summary>
    /// Writes one row per planned account to <paramref name="path"/> (written aside, then renamed), in
    /// the order of <paramref name="histories"/>, planning on <paramref name="threads"/> threads (every
    /// core by default; the file is the same for any count); returns the count.
    /// </summary>
    public static int Run(IEnumerable<AccountHistory> histories, DateTimeOffset at, Planner planner, string path,
        (int Index, int Count) shard, ulong seed, IProgress<int>? planned = null, int? threads = null,
        IPlanRecorder? recorder = null)
    {
        // Without exploration a plan draws nothing: no stream is made for it (about 1% of a plan's time).
        Func<string, Random> randomFor = planner.Explores ? id => RandomFor(seed, id, at) : _ => NoDrawsRandom.Instance;
        var count = WritePlans(path, write =>
        {
            var written = 0;
            var mine = histories.Where(h => shard.Count <= 1 || ShardOf(h.Account.AccountId, shard.Count) == shard.Index);
            var plans = OrderedParallel.Map(mine,
                h => new AccountTimeline(h) is var timeline && InCollection(timeline, at)
                    ? Recorded(planner.Plan(timeline, at, randomFor(h.Account.AccountId)), h.Account, recorder)
                    : null,
                threads ?? OrderedParallel.DefaultThreads);
            foreach (var item in plans)
            {
                if (item is not { } recorded) continue;
                var plan = recorded.Plan;
                write(plan);
                recorder?.Record(plan, recorded.Account, recorded.Options);
                if (++written % 1000 == 0) planned?.Report(written);
            }
            return written;
        });
        planned?.Report(count);
        return count;
    }

    /// <summary>
    /// The plan without its alternatives, refusals and allowed actions, which plans.csv does not show:
    /// plans wait in their chunk until written, and those lists are most of a plan's memory.
    /// </summary>
    private static Plan OnlyColumns(Plan plan) => plan with { Alternatives = [], Refused = [], Allowed = [] };

    private static (Plan Plan, Account Account, IReadOnlyList<Portfolio.PortfolioOption>? Options)? Recorded(Plan plan, Account account, IPlanRecorder? recorder) =>
        (OnlyColumns(plan), account, recorder?.Options is { } options ? Portfolio.PortfolioPlanning.OptionsOf(plan, options) : null);

    /// <summary>
    /// Writes plans.csv: the header, then each plan <paramref name="produce"/> hands to the writer it
    /// is given; published atomically (<see cref="AtomicFile"/>).
    /// </summary>
    public static T WritePlans<T>(string path, Func<Action<Plan>, T> produce) => AtomicFile.Write(path, writer =>
    {
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var c in Columns) csv.WriteField(c);
        csv.NextRecord();
        return produce(plan => Write(csv, plan));
    });

    /// <summary>One random stream per seed, account and moment: the same run explores the same way.</summary>
    public static Random RandomFor(ulong seed, string accountId, DateTimeOffset at) =>
        new((int)(StableHash($"{seed}|{accountId}|{at.UtcTicks}") & int.MaxValue));

    /// <summary>FNV-1a over UTF-8: the same on every machine and run (string.GetHashCode is randomised per process).</summary>
    public static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }

    public static void Write(CsvWriter csv, Plan p)
    {
        csv.WriteField(p.AccountId);
        csv.WriteField(p.Action.Channel);
        csv.WriteField(p.Action.CadenceDays.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(ContractFormat.Format(p.NextContactAt));
        csv.WriteField(p.Propensity30d.ToString("0.######", CultureInfo.InvariantCulture));
        csv.WriteField(p.Uplift7d?.ToString("0.######", CultureInfo.InvariantCulture) ?? "");
        csv.WriteField(p.ExpectedValue?.ToString("0.####", CultureInfo.InvariantCulture) ?? "");
        csv.WriteField(p.RiskTier);
        csv.WriteField(p.Stage);
        csv.WriteField(p.Escalation);
        csv.WriteField(string.Join(';', p.Reasons));
        csv.WriteField(p.TreatmentProbability.ToString("0.########", CultureInfo.InvariantCulture));
        csv.WriteField(p.Strategy);
        csv.WriteField(p.ModelVersion);
        csv.NextRecord();
    }
}
