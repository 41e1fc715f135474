using RepaymentScoring.Models.Registry;
using RepaymentScoring.Training.Data;

namespace RepaymentScoring.Training;

/// <summary>Learns a version's <see cref="PlanningPriors"/> from its training rows.</summary>
public static class PlanningPriorsLearning
{
    public static PlanningPriors Learn(IEnumerable<RowInfo> rows)
    {
        var list = rows.ToList();
        var payers = list.Where(r => r.Label && r.AmountDue > 0).ToList();
        var share = payers.Count == 0 ? 0.5 : payers.Average(r => (double)Math.Min(1m, r.Recovered / r.AmountDue));
        var rates = list.Where(r => r.Channel != "none").GroupBy(r => r.Channel).ToDictionary(g => g.Key, g =>
            Enumerable.Range(1, 4).Select(n =>
            {
                var bucket = g.Where(r => Math.Clamp(r.Intensity, 1, 4) == n).ToList();
                return (bucket.Count(r => r.Complaint) + 1.0) / (bucket.Count + 200.0);
            }).ToArray());
        return new PlanningPriors(share, rates);
    }
}
