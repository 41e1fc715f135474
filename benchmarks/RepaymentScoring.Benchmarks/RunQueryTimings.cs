using System.Diagnostics;
using System.Globalization;
using Npgsql;
using RepaymentScoring.Store;
using RepaymentScoring.Store.Runs;

namespace RepaymentScoring.Benchmarks;

/// <summary>
/// Portfolio queries on a large stored run: writes a synthetic run of N plans (fields spread like a
/// scored portfolio's) into a store, then times a filtered first page and a summary, each repeated,
/// and prints their PostgreSQL query plans (EXPLAIN ANALYZE) when the store is PostgreSQL.
/// </summary>
public static class RunQueryTimings
{
    private static readonly string[] Stages = ["early", "middle", "late"];
    private static readonly string[] Channels = ["none", "phone", "sms", "email", "letter", "visit"];
    private static readonly string[] Products = ["credit_card", "personal_loan", "auto_loan", "bnpl", "other"];
    private static readonly string[] Tiers = ["low", "medium", "high"];
    private static readonly string[] Late = ["late"], High = ["high"], PhoneAndVisit = ["phone", "visit"];

    public static void Run(string location, int plans, int repeats)
    {
        var store = ContractStore.Open(location);
        store.Migrate();
        var runId = $"bench-{plans}";
        if (store.Run(runId) is null)
        {
            var clock = Stopwatch.StartNew();
            var random = new Random(7);
            var at = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
            using var writer = store.BeginRun(new ScoringRun(runId, DateTimeOffset.UtcNow, at, "bench", "cn-default", null, null, 0, 0, 0));
            for (var i = 0; i < plans; i++)
            {
                var channel = Channels[random.Next(Channels.Length)];
                var p = random.NextDouble();
                writer.Add(new RunPlan($"A{i:D8}", Products[random.Next(Products.Length)], $"region-{random.Next(20)}", channel, channel == "none" ? 0 : 7,
                    at.AddHours(random.Next(24 * 7)), p, channel == "none" ? null : random.NextDouble() * 0.05, channel == "none" ? 0 : random.NextDouble() * 40 - 5,
                    Tiers[random.Next(3)], Stages[random.Next(3)], "none", "dpd;balance;contacts_7d", 1, "champion", "bench"), null);
            }
            writer.Complete();
            Console.WriteLine($"wrote {plans:N0} plans in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        var filter = new RunPlanFilter { Stage = ["late"], RiskTier = ["high"], Channel = ["phone", "visit"], MinPropensity = 0.5 };
        Time("filtered page (stage=late, risk_tier=high, channel=phone,visit, min_propensity=0.5; sort expected_value desc; 100 rows)", repeats,
            () => store.RunPlans(runId, filter, "expected_value", descending: true, 0, 100).Plans.Count);
        Time("summary by stage, channel (whole run)", repeats, () => store.RunSummary(runId, RunPlanFilter.None, ["stage", "channel"]).Count);
        Time("summary by product, risk_tier (stage=late)", repeats, () => store.RunSummary(runId, new RunPlanFilter { Stage = ["late"] }, ["product", "risk_tier"]).Count);
        if (store.Location.Provider == Store.Connection.StoreProvider.Postgres)
        {
            Explain(store.Location.ConnectionString,
                "SELECT * FROM run_plans WHERE run_id = @run AND stage = ANY(@stage) AND risk_tier = ANY(@tier) AND channel = ANY(@channel) AND propensity_30d >= 0.5 ORDER BY expected_value DESC, account_id LIMIT 100",
                runId);
            Explain(store.Location.ConnectionString,
                "SELECT stage, channel, SUM(plans), SUM(contacts), SUM(value_sum), SUM(propensity_sum) / SUM(plans), SUM(uplift_sum) / NULLIF(SUM(uplift_count), 0) FROM run_cube WHERE run_id = @run GROUP BY stage, channel ORDER BY stage, channel",
                runId);
        }
    }

    private static void Time(string what, int repeats, Func<int> query)
    {
        query(); // warm: connection, plan cache
        var times = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var start = Stopwatch.GetTimestamp();
            query();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: p50 {times[repeats / 2]:0.0} ms, p95 {times[(int)Math.Ceiling(repeats * 0.95) - 1]:0.0} ms over {repeats}"));
    }

    private static void Explain(string connectionString, string sql, string runId)
    {
        using var c = new NpgsqlConnection(connectionString);
        c.Open();
        using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql, c);
        command.Parameters.AddWithValue("run", runId);
        if (sql.Contains("@stage", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("stage", Late);
            command.Parameters.AddWithValue("tier", High);
            command.Parameters.AddWithValue("channel", PhoneAndVisit);
        }
        using var reader = command.ExecuteReader();
        Console.WriteLine("EXPLAIN " + sql);
        while (reader.Read()) Console.WriteLine("  " + reader.GetString(0));
    }
}
