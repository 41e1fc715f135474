namespace RepaymentScoring.Training.Evaluation;

/// <summary>Qini coefficient and area under the uplift curve for one treatment against the control (waiting).</summary>
public sealed record UpliftMetrics(double Qini, double Auuc, int Treated, int Control)
{
    /// <summary>
    /// Ranks treated and control rows together by predicted uplift. At each cut k the Qini curve is
    /// Q(k) = Y_t(k) - Y_c(k) N_t(k)/N_c(k) (extra responders among the top k); the Qini coefficient is
    /// the area between it and the straight line to Q(N), per row; the AUUC is the mean over cuts of the
    /// uplift curve (Y_t/N_t - Y_c/N_c at each cut). Both are 0 for a random ranking of no effect.
    /// </summary>
    public static UpliftMetrics Compute(IReadOnlyList<double> uplift, IReadOnlyList<bool> treated, IReadOnlyList<bool> outcome)
    {
        var n = uplift.Count;
        var order = Enumerable.Range(0, n).OrderByDescending(i => uplift[i]).ToArray();
        double yt = 0, yc = 0, nt = 0, nc = 0, area = 0, auuc = 0;
        var q = new double[n + 1];
        var counted = 0;
        for (var k = 0; k < n; k++)
        {
            var i = order[k];
            if (treated[i]) { nt++; if (outcome[i]) yt++; }
            else { nc++; if (outcome[i]) yc++; }
            q[k + 1] = nc == 0 ? yt : yt - yc * nt / nc;
            if (nt > 0 && nc > 0)
            {
                auuc += yt / nt - yc / nc;
                counted++;
            }
        }
        for (var k = 1; k <= n; k++) area += q[k] - q[n] * k / n;
        return new UpliftMetrics(n == 0 ? double.NaN : area / n / n, counted == 0 ? double.NaN : auuc / counted, (int)nt, (int)nc);
    }
}
