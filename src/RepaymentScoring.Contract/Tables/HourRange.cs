using System.Globalization;

namespace RepaymentScoring.Contract.Tables;

/// <summary>
/// Local hours a customer asked to be contacted in, both ends included: <c>18-20</c> allows
/// 18:00 to 20:59 (the reading of ../shared/tools/check_plans.py).
/// </summary>
public readonly record struct HourRange(int From, int To)
{
    public bool Contains(int hour) => hour >= From && hour <= To;

    public override string ToString() => $"{From}-{To}";

    public static bool TryParse(string? text, out HourRange range, out string? error)
    {
        range = default;
        error = null;
        var parts = (text ?? "").Split('-');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var to))
        {
            error = $"'{text}' is not an hour range like 18-20";
            return false;
        }
        if (from > 23 || to > 23 || from > to)
        {
            error = $"'{text}' must be two hours 0..23, the first not after the second";
            return false;
        }
        range = new HourRange(from, to);
        return true;
    }
}
