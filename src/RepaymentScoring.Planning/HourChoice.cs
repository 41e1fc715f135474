using System.Buffers;
using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Features;
using RepaymentScoring.Models;

namespace RepaymentScoring.Planning;

/// <summary>
/// The hour a plan values each open channel at. Calls and visits go at the hour the reach model
/// expects them answered: the hour that suits the customer, read from every logged call rather than
/// from the rarer payments. Other channels' hour matters less (a message is read when the customer
/// looks): it is chosen by the response model at one contact a week.
/// </summary>
public sealed class HourChoice(TrainedModels models)
{
    /// <summary>
    /// Each channel's hour to value: for the channels the reach model covers, the allowed hour with the
    /// highest predicted reach (at the contact's own intensity, as the reach model's rows); for the
    /// others with a choice, the hour whose weekly contact the response model rates highest. Ties go
    /// to the middle of the top step (<see cref="PlateauCentre"/>). One row per (channel, hour) on the
    /// account's state row <paramref name="state"/>. Channels with a single hour and no reach model are absent.
    /// </summary>
    public Dictionary<string, int> Best(IReadOnlyList<OpenHours> open, float[] state)
    {
        var best = new Dictionary<string, int>(StringComparer.Ordinal);
        var reach = new List<(string Channel, int Hour, ActionFeatures Action)>();
        var response = new List<(string Channel, int Hour, ActionFeatures Action)>();
        foreach (var o in open)
        {
            var byReach = models.ReachChannels.Contains(o.Channel);
            if (!byReach && o.Hours.Count < 2) continue;
            foreach (var hour in o.Hours)
                (byReach ? reach : response).Add((o.Channel, hour,
                    byReach ? new ActionFeatures(o.Channel, o.History7 + 1, hour) : ActionFeatures.Planned(new ContactAction(o.Channel, 7, hour), o.History7)));
        }
        var column = models.Schema.IndexOf(FeatureSchema.ReachColumn);
        if (reach.Count > 0)
        {
            var block = Rows(reach, state);
            models.FillReach(block.AsSpan(0, reach.Count * models.Builder.ResponseWidth), reach.Count, sharedState: true);
            Pick(reach, k => block[k * models.Builder.ResponseWidth + column], best);
            ArrayPool<float>.Shared.Return(block);
        }
        if (response.Count > 0)
        {
            var block = Rows(response, state);
            var p = models.PredictResponseFilling(block, response.Count, sharedState: true);
            ArrayPool<float>.Shared.Return(block);
            Pick(response, k => p[k], best);
        }
        return best;
    }

    /// <summary>
    /// The hour to take from a curve of scores by hour (in increasing hour order). Trees predict steps:
    /// several neighbouring hours often share the top score, and the customer's best hour is then
    /// likelier inside the step than at its edge, so the middle of the longest run of consecutive top
    /// hours is taken (the earlier middle when the run is even): the edge of a step is where the
    /// customer's answering hours begin, not where they are most likely.
    /// </summary>
    public static int PlateauCentre(IReadOnlyList<(int Hour, float Score)> curve)
    {
        var top = curve.Max(c => c.Score);
        int bestStart = 0, bestLength = 0;
        for (var i = 0; i < curve.Count; i++)
        {
            if (curve[i].Score != top || (i > 0 && curve[i - 1].Score == top && curve[i - 1].Hour == curve[i].Hour - 1)) continue;
            var length = 1;
            while (i + length < curve.Count && curve[i + length].Score == top && curve[i + length].Hour == curve[i + length - 1].Hour + 1) length++;
            if (length > bestLength) (bestStart, bestLength) = (i, length);
        }
        return curve[bestStart + (bestLength - 1) / 2].Hour;
    }

    /// <summary>The probes' rows in a pooled block (every value written; the caller returns it): a plan's probes are its largest allocation.</summary>
    private float[] Rows(List<(string Channel, int Hour, ActionFeatures Action)> probes, float[] state)
    {
        var width = models.Builder.ResponseWidth;
        var block = ArrayPool<float>.Shared.Rent(probes.Count * width);
        for (var k = 0; k < probes.Count; k++)
        {
            var row = block.AsSpan(k * width, width);
            state.CopyTo(row);
            models.Builder.WriteAction(probes[k].Action, row[models.Builder.StateWidth..]);
        }
        return block;
    }

    /// <summary>Each channel's hour from its probes' scores; a channel's probes are consecutive, in increasing hour order.</summary>
    private static void Pick(List<(string Channel, int Hour, ActionFeatures Action)> probes, Func<int, float> score, Dictionary<string, int> best)
    {
        var curve = new (int Hour, float Score)[probes.Count];
        for (var start = 0; start < probes.Count;)
        {
            var end = start;
            while (end < probes.Count && probes[end].Channel == probes[start].Channel)
            {
                curve[end] = (probes[end].Hour, score(end));
                end++;
            }
            best[probes[start].Channel] = PlateauCentre(new ArraySegment<(int Hour, float Score)>(curve, start, end - start));
            start = end;
        }
    }
}
