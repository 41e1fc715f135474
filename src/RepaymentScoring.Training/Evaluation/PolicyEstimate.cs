namespace RepaymentScoring.Training.Evaluation;

/// <summary>
/// Off-policy value of the greedy policy (per decision, net of contact cost) against the logging
/// policy's observed value: IPS, self-normalised IPS and doubly robust, with bootstrap 95% intervals.
/// </summary>
public sealed record PolicyEstimate(
    double LoggingValue, double Ips, double Snips, double Dr,
    IReadOnlyDictionary<string, double[]> Ci95, int Rows, int Matched, IReadOnlyDictionary<string, double> GreedyShareByChannel)
{
    /// <summary>One logged decision: reward, logging probability, whether the greedy action equals the logged one, and model values.</summary>
    public readonly record struct Decision(double Reward, double Probability, bool Matches, double ModelValueOfGreedy, double ModelValueOfLogged);

    public static PolicyEstimate Compute(IReadOnlyList<Decision> d, int bootstrapSamples, ulong seed, IReadOnlyDictionary<string, double> greedyShare)
    {
        var (lv, ips, snips, dr) = Estimate(d, Enumerable.Range(0, d.Count));
        var random = new Random((int)(seed % int.MaxValue));
        var samples = new List<(double Ips, double Snips, double Dr, double Logging)>();
        for (var b = 0; b < bootstrapSamples && d.Count > 0; b++)
        {
            var idx = Enumerable.Range(0, d.Count).Select(_ => random.Next(d.Count)).ToArray();
            var e = Estimate(d, idx);
            samples.Add((e.Ips, e.Snips, e.Dr, e.Logging));
        }
        double[] Interval(Func<(double Ips, double Snips, double Dr, double Logging), double> pick)
        {
            if (samples.Count == 0) return [double.NaN, double.NaN];
            var sorted = samples.Select(pick).Order().ToArray();
            return [sorted[(int)(0.025 * (sorted.Length - 1))], sorted[(int)(0.975 * (sorted.Length - 1))]];
        }
        return new PolicyEstimate(lv, ips, snips, dr, new Dictionary<string, double[]>
        {
            ["logging_value"] = Interval(s => s.Logging), ["ips"] = Interval(s => s.Ips), ["snips"] = Interval(s => s.Snips), ["dr"] = Interval(s => s.Dr),
        }, d.Count, d.Count(x => x.Matches), greedyShare);
    }

    private static (double Logging, double Ips, double Snips, double Dr) Estimate(IReadOnlyList<Decision> d, IEnumerable<int> rows)
    {
        double n = 0, logging = 0, ips = 0, weights = 0, dr = 0;
        foreach (var i in rows)
        {
            var x = d[i];
            var w = x.Matches ? 1 / x.Probability : 0;
            n++;
            logging += x.Reward;
            ips += w * x.Reward;
            weights += w;
            dr += x.ModelValueOfGreedy + w * (x.Reward - x.ModelValueOfLogged);
        }
        return n == 0 ? (double.NaN, double.NaN, double.NaN, double.NaN)
            : (logging / n, ips / n, weights == 0 ? double.NaN : ips / weights, dr / n);
    }
}
