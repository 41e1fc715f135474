using FsCheck;
using FsCheck.Fluent;

namespace RepaymentScoring.Planning.Tests;

/// <summary>
/// The hour taken from a predicted curve by hour is a top-scoring hour, in the middle of the longest
/// run of consecutive top hours (trees predict steps; the earliest hour of a step is its edge).
/// </summary>
public sealed class HourChoiceTests
{
    [Fact]
    public void A_flat_top_step_gives_its_middle_hour_not_its_first()
    {
        // A step from 12:00 to 16:00, as the reach model predicts for a self-employed customer.
        (int, float)[] curve = [(8, 0.20f), (9, 0.22f), (10, 0.22f), (11, 0.30f), (12, 0.41f), (13, 0.41f), (14, 0.41f), (15, 0.41f), (16, 0.41f), (17, 0.33f)];
        Assert.Equal(14, HourChoice.PlateauCentre(curve));
        Assert.Equal(19, HourChoice.PlateauCentre([(17, 0.3f), (18, 0.5f), (19, 0.5f), (20, 0.5f)]));
        Assert.Equal(9, HourChoice.PlateauCentre([(8, 0.1f), (9, 0.6f), (10, 0.2f)]));
    }

    [Fact]
    public void The_longest_run_wins_and_hours_missing_from_the_curve_break_a_run()
    {
        // 9 alone, then 14 and 15 (12 is not allowed, so 11 and 13 are not consecutive).
        (int, float)[] curve = [(9, 0.5f), (10, 0.4f), (11, 0.5f), (13, 0.5f), (14, 0.5f), (15, 0.5f), (16, 0.2f)];
        Assert.Equal(14, HourChoice.PlateauCentre(curve));
    }

    [Fact]
    public void The_chosen_hour_always_scores_the_top_and_sits_in_a_longest_run_of_top_hours()
    {
        var curves = from hours in Gen.Choose(8, 20).ListOf().Select(h => h.Distinct().Order().ToArray()).Where(h => h.Length > 0)
                     from levels in Gen.Choose(0, 3).ArrayOf(hours.Length)
                     select hours.Zip(levels, (h, l) => (h, l * 0.1f)).ToArray();
        Prop.ForAll(Arb.From(curves), curve =>
        {
            var hour = HourChoice.PlateauCentre(curve);
            var top = curve.Max(c => c.Item2);
            var at = Array.FindIndex(curve, c => c.Item1 == hour);
            int Run(int i, int step)
            {
                var n = 0;
                while (i + step * (n + 1) is var j && j >= 0 && j < curve.Length && curve[j].Item2 == top && curve[j].Item1 == curve[i].Item1 + step * (n + 1)) n++;
                return n;
            }
            var longest = 0;
            for (var i = 0; i < curve.Length; i++)
                if (curve[i].Item2 == top) longest = Math.Max(longest, 1 + Run(i, 1));
            var before = Run(at, -1);
            var after = Run(at, 1);
            return curve[at].Item2 == top && before + after + 1 == longest && (before == after || before + 1 == after);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }
}
