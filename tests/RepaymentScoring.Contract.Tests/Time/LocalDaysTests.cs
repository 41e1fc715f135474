using RepaymentScoring.Contract.Time;

namespace RepaymentScoring.Contract.Tests.Time;

/// <summary>
/// A local day's hours are the instants the zone's rules give, kept or not: on every hour of two years in
/// zones with whole-hour, half-hour and no daylight-saving changes, and for a custom zone that shares a
/// system zone's id but not its rules.
/// </summary>
public sealed class LocalDaysTests
{
    /// <summary>The definition, written out independently: the local time, moved past a gap, with its offset.</summary>
    private static DateTimeOffset Expected(DateOnly day, int hour, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(new TimeOnly(hour, 0));
        while (zone.IsInvalidTime(local)) local = local.AddMinutes(30);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    [Theory]
    [InlineData("America/Chicago")]
    [InlineData("Europe/London")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("America/St_Johns")]
    [InlineData("Asia/Shanghai")]
    public void Every_hour_of_every_day_is_the_instant_the_zone_rules_give_on_first_and_later_asking(string id)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
        for (var pass = 0; pass < 2; pass++)
            for (var day = new DateOnly(2026, 1, 1); day.Year < 2028; day = day.AddDays(1))
                for (var hour = 0; hour < 24; hour++)
                {
                    var expected = Expected(day, hour, zone);
                    var actual = LocalDays.At(day, hour, zone);
                    Assert.True(expected == actual && expected.Offset == actual.Offset, $"{id} {day} {hour}:00 (pass {pass}): {actual:O}, expected {expected:O}");
                }
    }

    [Fact]
    public void A_custom_zone_with_a_system_zones_id_gets_its_own_answers()
    {
        var chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var fixedOffset = TimeZoneInfo.CreateCustomTimeZone("America/Chicago", TimeSpan.FromHours(-6), "fixed", "fixed");
        var summer = new DateOnly(2026, 7, 1);
        Assert.Equal(TimeSpan.FromHours(-5), LocalDays.At(summer, 10, chicago).Offset);
        Assert.Equal(TimeSpan.FromHours(-6), LocalDays.At(summer, 10, fixedOffset).Offset);
        Assert.Equal(TimeSpan.FromHours(-5), LocalDays.At(summer, 10, chicago).Offset);
    }

    [Fact]
    public void Minutes_and_a_gap_at_midnight_follow_the_same_rule()
    {
        // Santiago moves its clocks forward at midnight: the day starts at 01:00.
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        var gapDay = new DateOnly(2026, 9, 6);
        Assert.Equal(Expected(gapDay, 0, santiago), LocalDays.StartOf(gapDay, santiago));
        Assert.Equal(new TimeSpan(1, 0, 0), LocalDays.StartOf(gapDay, santiago).TimeOfDay);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 2, 0, 0, TimeSpan.FromHours(1)), LocalDays.At(new DateOnly(2026, 3, 29), 1, zone, minute: 30)); // 01:30 does not exist: 02:00
    }
}
