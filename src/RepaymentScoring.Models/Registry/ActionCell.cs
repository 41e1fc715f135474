namespace RepaymentScoring.Models.Registry;

/// <summary>
/// One channel-by-stage cell of the second stage: its log-odds shift, its training rows, their
/// effective sample size under the stage's weights ((sum w)^2 / sum w^2, before any fallback) and the
/// weights its level was fitted with (<c>capped</c> when that size was under <c>MinCellEffectiveRows</c>).
/// </summary>
public sealed record ActionCell(double Shift, int Rows, double EffectiveRows, string Weights)
{
    public const string UncappedWeights = "inverse_propensity";
    public const string CappedWeights = "capped";

    /// <summary>One line for training's progress: the cells, the fewest effective rows, the cells on capped weights.</summary>
    public static string Summary(IReadOnlyDictionary<string, ActionCell> cells)
    {
        var filled = cells.Where(c => c.Value.Rows > 0).ToList();
        if (filled.Count == 0) return $"{cells.Count} cells, none with rows";
        var fewest = filled.MinBy(c => c.Value.EffectiveRows);
        var capped = filled.Count(c => c.Value.Weights == CappedWeights);
        return $"{filled.Count} of {cells.Count} cells with rows; fewest effective rows {fewest.Value.EffectiveRows:0.#} ({fewest.Key}); {capped} levelled on capped weights";
    }
}
