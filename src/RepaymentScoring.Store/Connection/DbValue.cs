using System.Globalization;

namespace RepaymentScoring.Store.Connection;

/// <summary>Reads a column value as either provider returns it (SQLite text and integers, PostgreSQL native types).</summary>
internal static class DbValue
{
    public static DateTimeOffset Timestamp(object value) => value switch
    {
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        DateTimeOffset t => t,
        string s => new DateTimeOffset(DateTime.ParseExact(s, SqliteDialect.TimestampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero),
        _ => throw new InvalidCastException($"Cannot read {value.GetType().Name} as a timestamp."),
    };

    public static DateOnly Date(object value) => value switch
    {
        DateOnly d => d,
        DateTime dt => DateOnly.FromDateTime(dt),
        string s => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"Cannot read {value.GetType().Name} as a date."),
    };

    public static DateOnly? NullableDate(object? value) => value is null or DBNull ? null : Date(value);

    public static decimal Decimal(object value) => value switch
    {
        decimal m => m,
        string s => decimal.Parse(s, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture),
        double d => (decimal)d,
        long l => l,
        _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
    };

    public static decimal? NullableDecimal(object? value) => value is null or DBNull ? null : Decimal(value);

    public static bool Bool(object value) => value switch
    {
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        _ => Convert.ToBoolean(value, CultureInfo.InvariantCulture),
    };
}
