using RepaymentScoring.Features;
using RepaymentScoring.Models.Trees;

namespace RepaymentScoring.Models;

/// <summary>
/// The models of one version, compiled, and the schema they read: propensity P(pay in 30 days | state),
/// response P(pay in 7 days | state, action) with its channel-by-stage levels, so uplift =
/// response(action) - response(wait), and reach P(a call or visit is answered | state, channel, hour),
/// which fills the response rows' action_reach. A version trained on a history without contacts has
/// the propensity model alone (<see cref="HasResponse"/>): its plans follow the rules baseline.
/// </summary>
public sealed class TrainedModels(TreeEnsemble propensity, TreeEnsemble? response, TreeEnsemble? reach, IReadOnlyList<string> reachChannels, FeatureSchema schema)
{
    public TreeEnsemble Propensity { get; } = propensity;

    /// <summary>The response trees with the levels tree last (when the version has one); null for a version without a response model.</summary>
    public TreeEnsemble? Response { get; } = response;

    public bool HasResponse => Response is not null;

    private TreeEnsemble ResponseTrees => Response ?? throw new InvalidOperationException("This version has no response model (it was trained on a history without contacts).");

    /// <summary>Null when the training history held no call with a known answer; action_reach then stays missing.</summary>
    public TreeEnsemble? Reach { get; } = response is null ? null : reach;
    public IReadOnlyList<string> ReachChannels { get; } = reach is null || response is null ? [] : reachChannels;
    public FeatureSchema Schema { get; } = schema;
    public FeatureBuilder Builder { get; } = new(schema);

    private readonly ReachColumns _reachColumns = ReachColumns.Of(schema, reach is null || response is null ? [] : reachChannels);

    public float[] PredictPropensity(ReadOnlySpan<float> stateRows, int rows) => Propensity.Predict(stateRows, rows);

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
        return sharedState
            ? ResponseTrees.PredictSharingPrefix(responseRows.AsSpan(0, rows * width), rows, Schema.StateNames.Count)
            : ResponseTrees.Predict(responseRows.AsSpan(0, rows * width), rows);
    }

    /// <summary>Approximate contributions of one response row (its action_reach filled), computed on the compiled trees; see <see cref="TreeEnsemble.ApproximateContributions"/>.</summary>
    public float[] ApproximateResponseContributions(ReadOnlySpan<float> responseRow) => ResponseTrees.ApproximateContributions(responseRow);

    /// <summary>Exact SHAP values of one response row (its action_reach filled), computed on the compiled trees; see <see cref="TreeEnsemble.Contributions"/>.</summary>
    public float[] ResponseContributions(ReadOnlySpan<float> responseRow) => ResponseTrees.Contributions(responseRow);

    /// <summary>Writes each row's action_reach (see <see cref="ReachColumns.Fill"/>).</summary>
    public void FillReach(Span<float> responseRows, int rows, bool sharedState = false)
    {
        if (Reach is null) return;
        _reachColumns.Fill((block, n) => sharedState
                ? Reach.PredictSharingPrefix(block, n, Schema.StateNames.Count)
                : Reach.Predict(block, n),
            responseRows, rows);
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
}
