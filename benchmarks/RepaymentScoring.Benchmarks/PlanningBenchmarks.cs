using BenchmarkDotNet.Attributes;
using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Models;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Planning;
using RepaymentScoring.Store.History;

namespace RepaymentScoring.Benchmarks;

/// <summary>Plans from the committed default model over data-samples' accounts in collection.</summary>
public class PlanningBenchmarks
{
    public static readonly DateTimeOffset At = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The portfolio planned (data-samples unless the latency run is given another) and the moment.</summary>
    public string Data { get; set; } = Path.Combine(Root(), "data-samples");
    public DateTimeOffset Moment { get; set; } = At;
    public int Accounts => _accounts.Count;
    private TrainedModels _models = null!;
    private Planner _planner = null!;
    private Planner _approximate = null!;
    private List<AccountHistory> _accounts = null!;
    private int _next;

    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RepaymentScoring.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }

    [GlobalSetup]
    public void Setup()
    {
        var registry = new ModelRegistry(Path.Combine(Root(), "models"), "default");
        var version = registry.Current()!;
        _models = registry.Load(version);
        var rules = new ComplianceRules(new ComplianceSettings(), ChannelCatalog.Default);
        _planner = new Planner(_models, registry.Manifest(version), rules, new PlanningOptions());
        _approximate = new Planner(_models, registry.Manifest(version), rules, new PlanningOptions { Reasons = ReasonsMethod.Approximate });
        _accounts = HistorySource.Read(Data).Histories.Where(h => BatchScoring.InCollection(h, Moment)).ToList();
    }

    [Benchmark(Description = "one plan, with reasons (exact SHAP)")]
    public Plan PlanWithReasons() => _planner.Plan(_accounts[_next++ % _accounts.Count], Moment, new Random(1));

    [Benchmark(Description = "one plan, with approximate reasons")]
    public Plan PlanWithApproximateReasons() => _approximate.Plan(_accounts[_next++ % _accounts.Count], Moment, new Random(1));

    [Benchmark(Description = "one plan, without reasons")]
    public Plan PlanWithoutReasons() => _planner.Plan(_accounts[_next++ % _accounts.Count], Moment, new Random(1), reasons: ReasonsMethod.None);

    [Benchmark(Description = "1,000 plans, 2 threads, without reasons", OperationsPerInvoke = 1000)]
    public void BatchWithoutReasons() => Parallel.For(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 2 },
        i => _planner.Plan(_accounts[i % _accounts.Count], Moment, new Random(i), reasons: ReasonsMethod.None));

    [Benchmark(Description = "1,000 plans, 2 threads, with reasons", OperationsPerInvoke = 1000)]
    public void BatchWithReasons() => Parallel.For(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 2 },
        i => _planner.Plan(_accounts[i % _accounts.Count], Moment, new Random(i)));

    [Benchmark(Description = "1,000 plans, 2 threads, approximate reasons", OperationsPerInvoke = 1000)]
    public void BatchWithApproximateReasons() => Parallel.For(0, 1000, new ParallelOptions { MaxDegreeOfParallelism = 2 },
        i => _approximate.Plan(_accounts[i % _accounts.Count], Moment, new Random(i)));

}
