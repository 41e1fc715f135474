using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Contract.Time;

namespace RepaymentScoring.Compliance;

/// <summary>A past contact as the rules need it.</summary>
public readonly record struct PastContact(DateTimeOffset At, string Channel, string Outcome);

/// <summary>
/// What the rules look at for one account: its static fields, its latest snapshot, the consent it
/// withdrew (opted_out plus opt_out outcomes) and its recent contacts in time order.
/// </summary>
public sealed class ContactContext(Account account, TimeZoneInfo zone, AccountSnapshot snapshot, IReadOnlyList<PastContact> contacts)
{
    /// <summary>
    /// A context of the same account, zone and snapshot over <paramref name="contacts"/>, which start
    /// with <paramref name="parent"/>'s (a plan's cadence week adds its own contacts one by one): what
    /// the parent already worked out about the shared contacts is kept, not converted again.
    /// </summary>
    public ContactContext(ContactContext parent, IReadOnlyList<PastContact> contacts) : this(parent.Account, parent.Zone, parent.Snapshot, contacts)
    {
        var shared = 0;
        while (shared < parent.Contacts.Count && shared < contacts.Count && contacts[shared] == parent.Contacts[shared]) shared++;
        for (var i = 0; i < shared && i < parent._localDays.Count; i++) _localDays.Add(parent._localDays[i]);
        _localTimes = parent._localTimes ??= NewLocalTimes(); // the same zone: conversions hold for both
        if (parent._consentScanned <= shared)
        {
            _withdrawn.AddRange(parent._withdrawn);
            _consentScanned = parent._consentScanned;
        }
    }

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

    private readonly List<string> _withdrawn = []; // channels of the opt_out contacts among the first _consentScanned
    private int _consentScanned;

    /// <summary>Whether the account opted out of <paramref name="channel"/> or a contact over it ended in opt_out (contacts scanned once, as they are appended).</summary>
    public bool HasWithdrawnConsent(string channel)
    {
        if (Account.OptedOut.Contains(channel)) return true;
        for (; _consentScanned < Contacts.Count; _consentScanned++)
            if (Contacts[_consentScanned].Outcome == "opt_out") _withdrawn.Add(Contacts[_consentScanned].Channel);
        return _withdrawn.Contains(channel);
    }

    private (long Key, DateTimeOffset Local)[]? _localTimes;

    private static (long Key, DateTimeOffset Local)[] NewLocalTimes() => new (long, DateTimeOffset)[64];

    /// <summary>
    /// <paramref name="at"/> in the account's zone. A plan checks each of its few dozen moments for
    /// every channel, and a zone conversion looks up daylight-saving rules: the last conversions are
    /// kept in a small table by hour.
    /// </summary>
    public DateTimeOffset LocalTime(DateTimeOffset at)
    {
        ref var slot = ref Slot(at);
        var key = at.UtcTicks + 1; // 0 marks an empty slot
        if (slot.Key != key) slot = (key, TimeZoneInfo.ConvertTime(at, Zone));
        return slot.Local;
    }

    /// <summary>
    /// The instant of local <paramref name="day"/> at <paramref name="hour"/>:00 (<see cref="LocalDays.At"/>),
    /// which is also that instant's local time: it is kept for <see cref="LocalTime"/>, so the rules
    /// checking a planned moment do not convert it back.
    /// </summary>
    public DateTimeOffset MomentAt(DateOnly day, int hour)
    {
        var moment = LocalDays.At(day, hour, Zone);
        Slot(moment) = (moment.UtcTicks + 1, moment);
        return moment;
    }

    private ref (long Key, DateTimeOffset Local) Slot(DateTimeOffset at)
    {
        var table = _localTimes ??= NewLocalTimes();
        return ref table[(int)((ulong)(at.UtcTicks / TimeSpan.TicksPerHour) % (ulong)table.Length)];
    }
}
