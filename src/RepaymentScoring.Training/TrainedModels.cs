using RepaymentScoring.Boosting;
using RepaymentScoring.Features;

namespace RepaymentScoring.Training;

/// <summary>
/// The two models of one version and the schema they read: propensity P(pay in 30 days | state) and
/// response P(pay in 7 days | state, action), so uplift = response(action) - response(wait).
/// </summary>
public sealed class TrainedModels(Booster propensity, Booster response, FeatureSchema schema) : IDisposable
{
    public Booster Propensity { get; } = propensity;
    public Booster Response { get; } = response;
    public FeatureSchema Schema { get; } = schema;
    public FeatureBuilder Builder { get; } = new(schema);

    public float[] PredictPropensity(ReadOnlySpan<float> stateRows, int rows) => Propensity.PredictDense(stateRows, rows, Schema.StateNames.Count);

    public float[] PredictResponse(ReadOnlySpan<float> responseRows, int rows) => Response.PredictDense(responseRows, rows, Schema.ResponseNames.Count);

    /// <summary>
    /// Response probability of each action on the state of one response row: the row's state is
    /// copied once per action and only the action columns change.
    /// </summary>
    public float[] PredictActions(ReadOnlySpan<float> responseRow, IReadOnlyList<ActionFeatures> actions)
    {
        var width = Schema.ResponseNames.Count;
        var state = Schema.StateNames.Count;
        var block = new float[actions.Count * width];
        for (var k = 0; k < actions.Count; k++)
        {
            var row = block.AsSpan(k * width, width);
            responseRow.CopyTo(row);
            Builder.WriteAction(actions[k], row[state..]);
        }
        return PredictResponse(block, actions.Count);
    }

    public void Dispose()
    {
        Propensity.Dispose();
        Response.Dispose();
    }
}
