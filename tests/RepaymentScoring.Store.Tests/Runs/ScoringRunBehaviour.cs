using RepaymentScoring.Store.Runs;

namespace RepaymentScoring.Store.Tests.Runs;

public abstract class ScoringRunBehaviour<TTarget> : StoreSuite<TTarget> where TTarget : StoreTarget, new()
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Stages = ["early", "middle", "late"];
    private static readonly string[] Channels = ["none", "phone", "sms", "email"];

    /// <summary>Plans whose every field follows from its index, so a query's answer can be counted independently.</summary>
    internal static RunPlan PlanOf(int i) => new($"A{i:D5}", i % 2 == 0 ? "bnpl" : "credit_card", i % 3 == 0 ? null : $"r{i % 3}", Channels[i % 4],
        i % 4 == 0 ? 0 : 7, At.AddHours(i % 24), (i % 100) / 100.0, i % 4 == 0 ? null : 0.01 * (i % 5), i % 4 == 0 ? null : i % 7 - 1.5,
        i % 10 < 3 ? "high" : "low", Stages[i % 3], "none", "dpd;balance", 1, "champion", "v1");

    private static ScoringRun Header(string id) => new(id, DateTimeOffset.UtcNow, At, "v1", "cn-default", null, null, 0, 0, 0);

    private static ScoringRun Write(ContractStore store, string id, IEnumerable<int> indexes)
    {
        using var writer = store.BeginRun(Header(id));
        foreach (var i in indexes) writer.Add(PlanOf(i), $"phone|7|10|{At.ToUnixTimeSeconds()}|{i}|0.5");
        return writer.Complete();
    }

    [SkippableFact]
    public void A_run_is_stored_whole_shards_add_up_and_an_unfinished_one_leaves_nothing()
    {
        var store = MigratedStore();
        var first = Write(store, "run-1", Enumerable.Range(0, 6000).Where(i => i % 2 == 0));
        var run = Write(store, "run-1", Enumerable.Range(0, 6000).Where(i => i % 2 == 1));
        Assert.Equal(3000, first.Accounts);
        Assert.Equal(6000, run.Accounts);
        Assert.Equal(Enumerable.Range(0, 6000).Count(i => PlanOf(i).Channel != "none"), run.ContactsPlanned);
        Assert.Equal(Enumerable.Range(0, 6000).Sum(i => PlanOf(i).ExpectedValue ?? 0), run.ExpectedValue, 6);
        using (var abandoned = store.BeginRun(Header("run-2")))
            foreach (var i in Enumerable.Range(0, 7000)) abandoned.Add(PlanOf(i), null);
        Assert.Null(store.Run("run-2"));
        Assert.Equal(0, store.RunPlans("run-2", RunPlanFilter.None, "account_id", false, 0, 10).Total);
        Assert.Equal(["run-1"], store.Runs().Select(r => r.RunId));
        Assert.Equal(6000, store.RunOptions("run-1").Count());
    }

    [SkippableFact]
    public void Filters_sorts_pages_and_summaries_agree_with_the_plans_counted_in_memory()
    {
        var store = MigratedStore();
        Write(store, "run", Enumerable.Range(0, 2000));
        var all = Enumerable.Range(0, 2000).Select(PlanOf).ToList();
        var filter = new RunPlanFilter { Stage = ["early", "late"], Channel = ["phone", "sms"], MinPropensity = 0.2, MaxExpectedValue = 3 };
        bool Matches(RunPlan p) => p.Stage is "early" or "late" && p.Channel is "phone" or "sms" && p.Propensity30d >= 0.2 && p.ExpectedValue <= 3;
        var expected = all.Where(Matches).OrderByDescending(p => p.Propensity30d).ThenBy(p => p.AccountId, StringComparer.Ordinal).ToList();
        var pages = new List<RunPlan>();
        long total = 0;
        for (var offset = 0; ; offset += 50)
        {
            var (plans, count) = store.RunPlans("run", filter, "propensity_30d", descending: true, offset, 50);
            total = count;
            if (plans.Count == 0) break;
            pages.AddRange(plans);
        }
        Assert.Equal(expected.Count, total);
        Assert.Equal(expected.Select(p => p.AccountId), pages.Select(p => p.AccountId));
        Assert.Equal(expected, store.StreamRunPlans("run", filter, "propensity_30d", descending: true).ToList());

        var summary = store.RunSummary("run", RunPlanFilter.None, ["stage", "channel"]);
        foreach (var group in all.GroupBy(p => (p.Stage, p.Channel)))
        {
            var row = Assert.Single(summary, r => r.Group["stage"] == group.Key.Stage && r.Group["channel"] == group.Key.Channel);
            Assert.Equal(group.Count(), row.Plans);
            Assert.Equal(group.Count(p => p.Channel != "none"), row.ContactsPlanned);
            Assert.Equal(group.Sum(p => p.ExpectedValue ?? 0), row.ExpectedValue, 6);
            Assert.Equal(group.Average(p => p.Propensity30d), row.MeanPropensity, 6);
        }
        Assert.Equal(all.Count, summary.Sum(r => r.Plans));
        // A range filter is answered from the plans themselves, a categorical one from the run's totals: both agree with the plans.
        foreach (var (summaryFilter, matches) in new (RunPlanFilter, Func<RunPlan, bool>)[]
                 {
                     (new RunPlanFilter { MinPropensity = 0.5, Product = ["bnpl"] }, p => p.Propensity30d >= 0.5 && p.Product == "bnpl"),
                     (new RunPlanFilter { Product = ["bnpl"], RiskTier = ["high"] }, p => p.Product == "bnpl" && p.RiskTier == "high"),
                 })
        {
            var rows = store.RunSummary("run", summaryFilter, ["channel"]);
            foreach (var group in all.Where(matches).GroupBy(p => p.Channel))
            {
                var row = Assert.Single(rows, r => r.Group["channel"] == group.Key);
                Assert.Equal(group.Count(), row.Plans);
                Assert.Equal(group.Average(p => p.Propensity30d), row.MeanPropensity, 6);
                var uplifts = group.Where(p => p.Uplift7d is not null).Select(p => p.Uplift7d!.Value).ToList();
                if (uplifts.Count == 0) Assert.Null(row.MeanUplift);
                else Assert.Equal(uplifts.Average(), row.MeanUplift!.Value, 6);
            }
        }
    }

    [SkippableFact]
    public void A_filter_value_is_data_never_sql_and_old_runs_are_purged()
    {
        var store = MigratedStore();
        Write(store, "run", Enumerable.Range(0, 100));
        var injected = new RunPlanFilter { Region = ["r1' OR '1'='1", "r1); DROP TABLE run_plans; --"] };
        Assert.Equal(0, store.RunPlans("run", injected, "account_id", false, 0, 10).Total);
        Assert.Equal(100, store.RunPlans("run", RunPlanFilter.None, "account_id", false, 0, 10).Total);
        Assert.Throws<ArgumentException>(() => store.RunPlans("run", RunPlanFilter.None, "account_id; DROP TABLE run_plans", false, 0, 10));
        Assert.Equal(0, store.PurgeRuns(DateTimeOffset.UtcNow.AddDays(-1)));
        Assert.Equal(1, store.PurgeRuns(DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Empty(store.Runs());
        Assert.Empty(store.RunOptions("run"));
    }
}

public sealed class SqliteScoringRunTests : ScoringRunBehaviour<SqliteTarget>;
public sealed class PostgresScoringRunTests : ScoringRunBehaviour<PostgresTarget>;
