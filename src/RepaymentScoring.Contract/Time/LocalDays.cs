using System.Collections.Concurrent;

namespace RepaymentScoring.Contract.Time;

/// <summary>Local calendar days of an account's time zone.</summary>
public static class LocalDays
{
    /// <summary>The instant local day <paramref name="day"/> begins; where midnight falls in a DST gap, the first valid time after it.</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone) => At(day, 0, zone);

    /// <summary>The instant of local <paramref name="day"/> at <paramref name="hour"/>:00, moved past a DST gap if it falls in one.</summary>
    public static DateTimeOffset At(DateOnly day, int hour, TimeZoneInfo zone, int minute = 0)
    {
        if (minute != 0 || (uint)hour > 23) return Compute(day, hour, zone, minute);
        // A batch asks for the same few days' hours in the same few zones hundreds of times an account,
        // and each answer looks up the zone's daylight-saving rules twice: a day's 24 answers are kept.
        var days = Hours.GetOrAdd(zone, static _ => new ConcurrentDictionary<int, DateTimeOffset[]>());
        if (!days.TryGetValue(day.DayNumber, out var hours))
        {
            if (days.Count >= MaxDaysPerZone) days.Clear(); // a long-running service moves on through the calendar
            hours = new DateTimeOffset[24];
            for (var h = 0; h < 24; h++) hours[h] = Compute(day, h, zone, 0);
            days.TryAdd(day.DayNumber, hours);
        }
        return hours[hour];
    }

    private const int MaxDaysPerZone = 4096;

    // By reference: two zones may share an id and differ in their rules (custom zones).
    private static readonly ConcurrentDictionary<TimeZoneInfo, ConcurrentDictionary<int, DateTimeOffset[]>> Hours =
        new(ReferenceEqualityComparer.Instance);

    private static DateTimeOffset Compute(DateOnly day, int hour, TimeZoneInfo zone, int minute)
    {
        var local = day.ToDateTime(new TimeOnly(hour, minute));
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(30);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
