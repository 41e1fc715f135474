using RepaymentScoring.Boosting;
using RepaymentScoring.Features;

namespace RepaymentScoring.Training;

/// <summary>
/// The models of one version and the schema they read: propensity P(pay in 30 days | state), response
/// P(pay in 7 days | state, action), so uplift = response(action) - response(wait), and reach
/// P(a call or visit is answered | state, channel, hour), which fills the response rows' action_reach.
/// </summary>
public sealed class TrainedModels(Booster propensity, Booster response, Booster reach, IReadOnlyList<string> reachChannels, FeatureSchema schema)
    : IDisposable
{
    public Booster Propensity { get; } = propensity;
    public Booster Response { get; } = response;
    public Booster Reach { get; } = reach;
    public IReadOnlyList<string> ReachChannels { get; } = reachChannels;
    public FeatureSchema Schema { get; } = schema;
    public FeatureBuilder Builder { get; } = new(schema);

    public float[] PredictPropensity(ReadOnlySpan<float> stateRows, int rows) => Propensity.PredictDense(stateRows, rows, Schema.StateNames.Count);

    /// <summary>Response probabilities of rows as the feature builder writes them: their action_reach is filled here first.</summary>
    public float[] PredictResponse(ReadOnlySpan<float> responseRows, int rows)
    {
        var filled = responseRows.ToArray();
        FillReach(filled, rows);
        return Response.PredictDense(filled, rows, Schema.ResponseNames.Count);
    }

    /// <summary>Writes each row's action_reach (see <see cref="ReachModel.Fill"/>).</summary>
    public void FillReach(Span<float> responseRows, int rows) => ReachModel.Fill(Reach, Schema, ReachChannels, responseRows, rows);

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
        Reach.Dispose();
    }
}
