using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Cli.Infrastructure;

/// <summary>The first and last snapshot dates of histories as they stream past: what a verb that planned nothing tells its user.</summary>
internal sealed class HistorySpan
{
    public DateOnly? First { get; private set; }
    public DateOnly? Last { get; private set; }

    public IEnumerable<AccountHistory> Track(IEnumerable<AccountHistory> histories)
    {
        foreach (var history in histories)
        {
            if (history.Snapshots.Count > 0)
            {
                var first = history.Snapshots[0].AsOf;
                var last = history.Snapshots[^1].AsOf;
                if (First is null || first < First) First = first;
                if (Last is null || last > Last) Last = last;
            }
            yield return history;
        }
    }

    /// <summary>Why nothing was planned at <paramref name="at"/>, in the history's own dates.</summary>
    public string NothingPlanned(DateTimeOffset at) => First is not { } first || Last is not { } last
        ? "No account was planned: the history holds no snapshot."
        : DateOnly.FromDateTime(at.UtcDateTime) < first
            ? $"No account was planned: --as-of {Contract.Csv.ContractFormat.Format(at)} is before the history, whose snapshots run from {Contract.Csv.ContractFormat.Format(first)} to {Contract.Csv.ContractFormat.Format(last)}."
            : $"No account was in collection at {Contract.Csv.ContractFormat.Format(at)} (the history's snapshots run from {Contract.Csv.ContractFormat.Format(first)} to {Contract.Csv.ContractFormat.Format(last)}).";
}
