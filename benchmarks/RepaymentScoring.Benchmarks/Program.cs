using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using RepaymentScoring.Benchmarks;

// dotnet run -c Release --project benchmarks/RepaymentScoring.Benchmarks            BenchmarkDotNet (mean, median, p95)
// dotnet run -c Release --project benchmarks/RepaymentScoring.Benchmarks -- latency  p50/p99 of single plans over 5,000 calls, and bytes allocated a plan
//   ... -- latency <data folder> <as-of>   the same on another portfolio's accounts in collection (e.g. one repay generate wrote)
//   ... -- runs <store> [plans] [repeats]   a stored run of that many synthetic plans; timings of a filtered page and summaries (docs/benchmarks.md)
if (args.Length > 0 && args[0] == "runs")
{
    RunQueryTimings.Run(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 50);
    return;
}
if (args.Length > 0 && args[0] == "latency")
{
    var bench = new PlanningBenchmarks();
    if (args.Length >= 3)
    {
        bench.Data = Path.GetFullPath(args[1]);
        bench.Moment = DateTimeOffset.Parse(args[2], CultureInfo.InvariantCulture);
    }
    bench.Setup();
    Console.WriteLine($"{bench.Accounts:N0} accounts in collection in {bench.Data} at {bench.Moment:O}");
    foreach (var (name, plan) in new (string, Func<object>)[]
             { ("with exact reasons", bench.PlanWithReasons), ("with approximate reasons", bench.PlanWithApproximateReasons), ("without reasons", bench.PlanWithoutReasons) })
    {
        // Warm-up by time, not by count: tiered compilation optimises a method only after 100 ms
        // without new first-tier compilation, and 300 plans (60-200 ms) left TreeSHAP's code
        // unoptimised for part of the measured calls.
        var warming = Stopwatch.StartNew();
        for (var i = 0; i < 300 || warming.Elapsed < TimeSpan.FromSeconds(3); i++) _ = plan();
        var times = new double[5000];
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < times.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            _ = plan();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        allocated = (GC.GetAllocatedBytesForCurrentThread() - allocated) / times.Length;
        Array.Sort(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"single plan {name}: p50 {times[2500]:0.000} ms, p99 {times[4950]:0.000} ms, max {times[^1]:0.000} ms, {allocated:N0} bytes allocated a plan"));
    }
    return;
}
// In process, every benchmark shares the runtime's tiered compilation: with ShortRun's 3 warm-up
// iterations the first batch benchmark measured code not yet fully optimised (70-88 us an account
// against 49 us with 15 warm-ups), so the warm-up is longer.
var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(Job.ShortRun.WithWarmupCount(15).WithToolchain(InProcessEmitToolchain.Instance))
    .AddColumn(StatisticColumn.Median, StatisticColumn.P95);
// No arguments: every benchmark (the switcher would otherwise ask which); or BenchmarkDotNet's own, e.g. --filter '*TreeWalk*'.
BenchmarkSwitcher.FromTypes([typeof(PlanningBenchmarks), typeof(TreeWalkBenchmarks)]).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
