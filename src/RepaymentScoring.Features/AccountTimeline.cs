using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Contract.Time;

namespace RepaymentScoring.Features;

/// <summary>An account's history with what every feature query needs precomputed: its zone and the instant each snapshot describes.</summary>
public sealed class AccountTimeline
{
    public AccountTimeline(AccountHistory history)
    {
        History = history;
        Zone = TimeZoneInfo.FindSystemTimeZoneById(history.Account.TimeZone);
        SnapshotStarts = history.Snapshots.Select(s => LocalDays.StartOf(s.AsOf, Zone)).ToArray();
    }

    public AccountHistory History { get; }
    public Account Account => History.Account;
    public TimeZoneInfo Zone { get; }
    public DateTimeOffset[] SnapshotStarts { get; }

    /// <summary>Index of the latest snapshot that describes a moment at or before <paramref name="at"/>, or -1.</summary>
    public int LatestSnapshotAt(DateTimeOffset at)
    {
        var found = -1;
        for (var i = 0; i < SnapshotStarts.Length && SnapshotStarts[i] <= at; i++) found = i;
        return found;
    }

    /// <summary>Number of contacts strictly before <paramref name="at"/> (they are sorted by time).</summary>
    public int ContactsBefore(DateTimeOffset at) => CountBefore(History.Contacts, c => c.ContactedAt, at);

    /// <summary>Number of payments strictly before <paramref name="at"/> (they are sorted by time).</summary>
    public int PaymentsBefore(DateTimeOffset at) => CountBefore(History.Payments, p => p.PaidAt, at);

    /// <summary>Binary search in a time-sorted list: how many rows come strictly before <paramref name="at"/>.</summary>
    private static int CountBefore<T>(IReadOnlyList<T> rows, Func<T, DateTimeOffset> time, DateTimeOffset at)
    {
        var lo = 0;
        var hi = rows.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (time(rows[mid]) < at) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>Sum paid in (from, to] when <paramref name="openStart"/>, else [from, to).</summary>
    public decimal PaidBetween(DateTimeOffset from, DateTimeOffset to, bool openStart)
    {
        var sum = 0m;
        foreach (var p in History.Payments)
            if ((openStart ? p.PaidAt > from && p.PaidAt <= to : p.PaidAt >= from && p.PaidAt < to)) sum += p.Amount;
        return sum;
    }

    public int LocalHour(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone).Hour;
}
