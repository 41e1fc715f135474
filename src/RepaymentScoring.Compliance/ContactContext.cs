using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Compliance;

/// <summary>A past contact as the rules need it.</summary>
public readonly record struct PastContact(DateTimeOffset At, string Channel, string Outcome);

/// <summary>
/// What the rules look at for one account: its static fields, its latest snapshot, the consent it
/// withdrew (opted_out plus opt_out outcomes) and its recent contacts in time order.
/// </summary>
public sealed class ContactContext(Account account, TimeZoneInfo zone, AccountSnapshot snapshot, IReadOnlyList<PastContact> contacts)
{
    public Account Account { get; } = account;
    public TimeZoneInfo Zone { get; } = zone;
    public AccountSnapshot Snapshot { get; } = snapshot;

    /// <summary>Contacts before the moment being checked, oldest first; 35 days back is enough for every rule.</summary>
    public IReadOnlyList<PastContact> Contacts { get; } = contacts;

    /// <summary>DPD on the local day of <paramref name="at"/>, rolled forward from the snapshot as the checker does.</summary>
    public int DaysPastDueAt(DateTimeOffset at) => DaysPastDueOn(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime));

    /// <summary>DPD on a local day, rolled forward from the snapshot.</summary>
    public int DaysPastDueOn(DateOnly localDay) => Snapshot.DaysPastDue + Math.Max(0, localDay.DayNumber - Snapshot.AsOf.DayNumber);

    private readonly List<DateOnly> _localDays = [];

    /// <summary>
    /// The local day of contact <paramref name="index"/>, converted once: the daily and monthly caps
    /// compare every past contact's day at each of the few hundred moments a plan checks. Contacts
    /// appended to a growing list later are converted when first asked for. One context serves one
    /// plan on one thread.
    /// </summary>
    public DateOnly LocalDayOf(int index)
    {
        for (var i = _localDays.Count; i <= index; i++)
            _localDays.Add(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Contacts[i].At, Zone).DateTime));
        return _localDays[index];
    }

    public bool HasWithdrawnConsent(string channel)
    {
        if (Account.OptedOut.Contains(channel)) return true;
        foreach (var c in Contacts)
            if (c.Outcome == "opt_out" && c.Channel == channel) return true;
        return false;
    }
}
