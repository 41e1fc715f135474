using BenchmarkDotNet.Attributes;
using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Features;
using RepaymentScoring.Models;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Planning;
using RepaymentScoring.Store.History;

namespace RepaymentScoring.Benchmarks;

/// <summary>
/// The planner's two largest tree walks on the committed default model, over data-samples' accounts in
/// collection: the propensity row (one row, every tree) and the message-hour probes (26 rows sharing
/// the account's state: sms and email at each hour from 08:00 to 20:00).
/// </summary>
public class TreeWalkBenchmarks
{
    private static readonly string[] MessageChannels = ["sms", "email"];
    private TrainedModels _models = null!;
    private List<float[]> _states = null!;
    private List<float[]> _probes = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var registry = new ModelRegistry(Path.Combine(PlanningBenchmarks.Root(), "models"), "default");
        _models = registry.Load(registry.Current()!);
        var builder = _models.Builder;
        var at = PlanningBenchmarks.At;
        var actions = (from channel in MessageChannels
                       from hour in Enumerable.Range(8, 13)
                       select ActionFeatures.Planned(new ContactAction(channel, 7, hour), 0)).ToList();
        _states = [];
        _probes = [];
        foreach (var history in HistorySource.Read(Path.Combine(PlanningBenchmarks.Root(), "data-samples")).Histories.Where(h => BatchScoring.InCollection(h, at)))
        {
            var state = new float[builder.ResponseWidth];
            builder.WriteState(new AccountTimeline(history), at, state);
            var block = new float[actions.Count * builder.ResponseWidth];
            for (var k = 0; k < actions.Count; k++)
            {
                var row = block.AsSpan(k * builder.ResponseWidth, builder.ResponseWidth);
                state.CopyTo(row);
                builder.WriteAction(actions[k], row[builder.StateWidth..]);
            }
            _states.Add(state);
            _probes.Add(block);
        }
    }

    [Benchmark(Description = "propensity row (590 trees, depth 6)")]
    public float[] PropensityRow() => _models.PredictPropensity(_states[_next++ % _states.Count].AsSpan(0, _models.Builder.StateWidth), 1);

    [Benchmark(Description = "26 message-hour rows, response model (199 trees)")]
    public float[] MessageHourRows() => _models.PredictResponseFilling(_probes[_next++ % _probes.Count], 26, sharedState: true);

    [Benchmark(Description = "exact SHAP values of one response row")]
    public float[] ExactContributions() => _models.ResponseContributions(_probes[_next++ % _probes.Count].AsSpan(0, _models.Builder.ResponseWidth));

    [Benchmark(Description = "approximate contributions of one response row")]
    public float[] ApproximateContributions() => _models.ApproximateResponseContributions(_probes[_next++ % _probes.Count].AsSpan(0, _models.Builder.ResponseWidth));

}
