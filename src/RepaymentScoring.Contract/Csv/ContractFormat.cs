using System.Globalization;

namespace RepaymentScoring.Contract.Csv;

/// <summary>The contract's text formats (DATA-CONTRACT.md, General rules), for reading and writing.</summary>
public static class ContractFormat
{
    /// <summary>Amounts above this are refused: no real account owes it, and it keeps sums exact.</summary>
    public const decimal MaxAmount = 1_000_000_000_000m;

    /// <summary>The longest text field accepted: ids are shorter still; a longer value is a data error, not a name.</summary>
    public const int MaxTextLength = 1000;

    /// <summary>Dates and moments outside these years are refused: planning adds days and weeks to them, and no collections history spans beyond.</summary>
    public const int FirstYear = 1900, LastYear = 2199;

    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mmzzz",
        "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm'Z'",
    ];

    public static bool TryParseTimestamp(string text, out DateTimeOffset value, out string? error)
    {
        if (DateTimeOffset.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out value))
        {
            error = value.UtcDateTime.Year is < FirstYear or > LastYear ? $"'{Clip(text)}' is outside the years {FirstYear}..{LastYear}" : null;
            return error is null;
        }
        error = $"'{Clip(text)}' is not an ISO 8601 timestamp with an offset, like 2026-03-02T19:40:00+08:00";
        return false;
    }

    /// <summary>The first control character of a text (NUL and the other C0 and C1 codes except tab and line breaks), or null.</summary>
    public static char? ControlCharacter(string text)
    {
        foreach (var c in text)
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) return c;
        return null;
    }

    /// <summary>
    /// True for an IANA time zone id this machine knows (Asia/Shanghai, UTC). Windows names such as
    /// "China Standard Time" are refused although .NET resolves them: the contract names IANA ids only.
    /// </summary>
    public static bool IsIanaTimeZone(string id)
    {
        if (KnownIanaZones.ContainsKey(id)) return true;
        var iana = TimeZoneInfo.TryFindSystemTimeZoneById(id, out _)
            && (TimeZoneInfo.TryConvertIanaIdToWindowsId(id, out _) || !TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out _));
        if (iana) KnownIanaZones.TryAdd(id, 0);
        return iana;
    }

    // Every account of every file and request asks; the lookups above are slow. Only ids found to be
    // IANA ones are kept (a finite set), so unknown ids sent at the API cannot grow it.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> KnownIanaZones = new(StringComparer.Ordinal);

    public static bool TryParseDate(string text, out DateOnly value, out string? error)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
        {
            error = value.Year is < FirstYear or > LastYear ? $"'{Clip(text)}' is outside the years {FirstYear}..{LastYear}" : null;
            return error is null;
        }
        error = $"'{Clip(text)}' is not a date YYYY-MM-DD";
        return false;
    }

    public static bool TryParseDecimal(string text, out decimal value, out string? error)
    {
        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)
            && Math.Abs(value) <= MaxAmount)
        {
            error = null;
            return true;
        }
        error = $"'{Clip(text)}' is not a decimal number like 1234.56 (at most {MaxAmount:0})";
        return false;
    }

    public static bool TryParseInt(string text, out int value, out string? error)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            error = null;
            return true;
        }
        error = $"'{Clip(text)}' is not a whole number";
        return false;
    }

    public static bool TryParseBool(string? text, out bool value, out string? error)
    {
        error = null;
        switch ((text ?? "").Trim().ToLowerInvariant())
        {
            case "": case "false": case "0": case "no": value = false; return true;
            case "true": case "1": case "yes": value = true; return true;
            default:
                value = false;
                error = $"'{Clip(text!)}' is not a boolean (true/false)";
                return false;
        }
    }

    /// <summary>True when a feature value reads as a number (its column is then numeric).</summary>
    public static bool IsNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d);

    public static string Format(DateTimeOffset value) =>
        value.ToString(value.Millisecond == 0 && value.Ticks % TimeSpan.TicksPerSecond == 0
            ? "yyyy-MM-dd'T'HH:mm:sszzz" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    public static string Format(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Format(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    public static string Format(decimal? value) => value is { } v ? Format(v) : "";

    public static string Format(double? value) => value is { } v ? v.ToString("0.######", CultureInfo.InvariantCulture) : "";

    public static string Format(bool value) => value ? "true" : "false";

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
