using RepaymentScoring.Boosting;
using RepaymentScoring.Features;

namespace RepaymentScoring.Training;

/// <summary>
/// The models of one version and the schema they read: propensity P(pay in 30 days | state), response
/// P(pay in 7 days | state, action), so uplift = response(action) - response(wait), and reach
/// P(a call or visit is answered | state, channel, hour), which fills the response rows' action_reach.
/// </summary>
public sealed class TrainedModels(Booster propensity, Booster response, Booster? reach, IReadOnlyList<string> reachChannels, FeatureSchema schema)
    : IDisposable
{
    public Booster Propensity { get; } = propensity;
    public Booster Response { get; } = response;
    /// <summary>Null when the training history held no call with a known answer; action_reach then stays missing.</summary>
    public Booster? Reach { get; } = reach;
    public IReadOnlyList<string> ReachChannels { get; } = reach is null ? [] : reachChannels;
    public FeatureSchema Schema { get; } = schema;
    public FeatureBuilder Builder { get; } = new(schema);

    // Compiled copies for the small blocks of planning and serving; XGBoost itself for large blocks.
    private readonly TreeEnsemble _propensityTrees = TreeEnsemble.From(propensity);
    private readonly TreeEnsemble _responseTrees = TreeEnsemble.From(response);
    private readonly TreeEnsemble? _reachTrees = reach is null ? null : TreeEnsemble.From(reach);
    private readonly ReachColumns _reachColumns = ReachColumns.Of(schema, reach is null ? [] : reachChannels);
    private const int LargeBlock = 512;

    public float[] PredictPropensity(ReadOnlySpan<float> stateRows, int rows) => rows > LargeBlock
        ? Propensity.PredictDense(stateRows, rows, Schema.StateNames.Count)
        : _propensityTrees.Predict(stateRows, rows);

    /// <summary>
    /// Response probabilities of rows as the feature builder writes them: their action_reach is filled
    /// here first. <paramref name="sharedState"/>: the rows hold one state (one account, several
    /// actions), so each tree is walked once for all of them.
    /// </summary>
    public float[] PredictResponse(ReadOnlySpan<float> responseRows, int rows, bool sharedState = false) =>
        PredictResponseFilling(responseRows.ToArray(), rows, sharedState);

    /// <summary>
    /// As <see cref="PredictResponse"/>, filling the action_reach column of <paramref name="responseRows"/>
    /// itself instead of a copy: for callers that own the rows (the planner's blocks, a few dozen rows an account).
    /// </summary>
    public float[] PredictResponseFilling(float[] responseRows, int rows, bool sharedState = false)
    {
        FillReach(responseRows, rows, sharedState);
        var width = Schema.ResponseNames.Count;
        return rows > LargeBlock && !sharedState
            ? Response.PredictDense(responseRows.AsSpan(0, rows * width), rows, width)
            : _responseTrees.PredictSharingPrefix(responseRows.AsSpan(0, rows * width), rows, sharedState ? Schema.StateNames.Count : 0);
    }

    /// <summary>Approximate contributions of one response row (its action_reach filled), computed on the compiled trees; see <see cref="TreeEnsemble.ApproximateContributions"/>.</summary>
    public float[] ApproximateResponseContributions(ReadOnlySpan<float> responseRow) => _responseTrees.ApproximateContributions(responseRow);

    /// <summary>Exact SHAP values of one response row (its action_reach filled), XGBoost's, computed on the compiled trees; see <see cref="TreeEnsemble.Contributions"/>.</summary>
    public float[] ResponseContributions(ReadOnlySpan<float> responseRow) => _responseTrees.Contributions(responseRow);

    /// <summary>Writes each row's action_reach (see <see cref="ReachModel.Fill(RowsPredictor, FeatureSchema, IReadOnlyList{string}, Span{float}, int)"/>).</summary>
    public void FillReach(Span<float> responseRows, int rows, bool sharedState = false)
    {
        if (Reach is null || _reachTrees is null) return;
        var width = Schema.ResponseNames.Count;
        ReachModel.Fill((block, n) => n > LargeBlock && !sharedState
                ? Reach.PredictDense(block, n, width)
                : _reachTrees.PredictSharingPrefix(block, n, sharedState ? Schema.StateNames.Count : 0),
            _reachColumns, responseRows, rows);
    }

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
        return PredictResponseFilling(block, actions.Count, sharedState: true);
    }

    public void Dispose()
    {
        Propensity.Dispose();
        Response.Dispose();
        Reach?.Dispose();
    }
}
