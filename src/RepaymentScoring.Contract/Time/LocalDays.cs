namespace RepaymentScoring.Contract.Time;

/// <summary>Local calendar days of an account's time zone.</summary>
public static class LocalDays
{
    /// <summary>The instant local day <paramref name="day"/> begins; where midnight falls in a DST gap, the first valid time after it.</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone) => At(day, 0, zone);

    /// <summary>The instant of local <paramref name="day"/> at <paramref name="hour"/>:00, moved past a DST gap if it falls in one.</summary>
    public static DateTimeOffset At(DateOnly day, int hour, TimeZoneInfo zone, int minute = 0)
    {
        var local = day.ToDateTime(new TimeOnly(hour, minute));
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(30);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
