using RepaymentScoring.Features;
using RepaymentScoring.Models;
using RepaymentScoring.Models.Trees;
using RepaymentScoring.Training.Data;

namespace RepaymentScoring.Training;

/// <summary>
/// P(a call or visit is answered | state, channel, local hour): the collections teams' "best time to
/// call". Whether a contact was answered is logged for every call and visit, so this model learns the
/// hour that suits each kind of customer from far more signal than the payments the response model
/// sees; its prediction at the action's hour is the response model's <c>action_reach</c> column.
/// Other channels' rows keep the column missing.
/// </summary>
public static class ReachModel
{
    /// <summary>Channels with rows in the reach matrix: the ones the model covers.</summary>
    public static IReadOnlyList<string> ChannelsOf(FeatureMatrix reach, IReadOnlyList<string> channels)
    {
        var seen = reach.Info.Select(i => i.Channel).ToHashSet(StringComparer.Ordinal);
        return channels.Where(seen.Contains).ToList();
    }

    /// <summary>
    /// Whether the reach model can be learned from <paramref name="train"/>: the training period holds
    /// calls or visits with a known answer, answered and unanswered both (a lender that only writes has
    /// none, and then no row gets an action_reach).
    /// </summary>
    public static bool Learnable(FeatureMatrix reach, IReadOnlyList<int> train) =>
        train.Count > 0 && !train.All(i => reach.Info[i].Label) && train.Any(i => reach.Info[i].Label);

    /// <summary>Fills the action_reach column of every row of a response matrix, in blocks (no model: every value missing, as written).</summary>
    public static void FillAll(TreeEnsemble? reach, FeatureSchema schema, IReadOnlyList<string> channels, FeatureMatrix response)
    {
        if (reach is null) return;
        var columns = ReachColumns.Of(schema, channels);
        for (var start = 0; start < response.Rows; start += 50_000)
        {
            var count = Math.Min(50_000, response.Rows - start);
            columns.Fill(reach.Predict, response.RowsToFill(start, count), count);
        }
    }
}
