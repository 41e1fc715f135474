namespace RepaymentScoring.Contract.Csv;

/// <summary>One offending field: printed as <c>file:line: column: reason</c> (line 1 is the header).</summary>
public sealed record ContractError(string File, long Line, string Column, string Reason)
{
    public override string ToString() => $"{File}:{Line}: {Column}: {Reason}";
}

/// <summary>Thrown when input breaks the contract; carries every error found.</summary>
public sealed class ContractViolationException(IReadOnlyList<ContractError> errors)
    : Exception($"{errors.Count} contract error(s); first: {(errors.Count > 0 ? errors[0] : null)}")
{
    /// <summary>How many errors a report prints before it only counts the rest.</summary>
    public const int ReportLimit = 100;

    public IReadOnlyList<ContractError> Errors { get; } = errors;

    /// <summary>The first <see cref="ReportLimit"/> errors, one per line, then a count of the rest.</summary>
    public string Report()
    {
        var lines = Errors.Take(ReportLimit).Select(e => e.ToString()).ToList();
        if (Errors.Count > ReportLimit)
            lines.Add($"... and {Errors.Count - ReportLimit} more error(s)");
        return string.Join(Environment.NewLine, lines);
    }
}
