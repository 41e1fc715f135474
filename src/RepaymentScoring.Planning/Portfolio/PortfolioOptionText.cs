using System.Globalization;
using System.Text;
using RepaymentScoring.Contract.Actions;

namespace RepaymentScoring.Planning.Portfolio;

/// <summary>
/// An account's portfolio options as one line of text, as a stored run keeps them for a capacity
/// what-if: <c>channel|cadence|hour|first contact (unix seconds)|value|cost</c>, separated by <c>;</c>,
/// numbers in round-trip form so a re-allocation sees exactly the values the run had.
/// </summary>
public static class PortfolioOptionText
{
    public static string Encode(IReadOnlyList<PortfolioOption> options)
    {
        var text = new StringBuilder();
        foreach (var o in options)
        {
            if (text.Length > 0) text.Append(';');
            text.Append(CultureInfo.InvariantCulture, $"{o.Action.Channel}|{o.Action.CadenceDays}|{o.Action.Hour}|{o.FirstContactAt.ToUnixTimeSeconds()}|{o.Value:R}|{o.Cost:R}");
        }
        return text.ToString();
    }

    public static IReadOnlyList<PortfolioOption> Decode(string text)
    {
        if (text.Length == 0) return [];
        return text.Split(';').Select(part =>
        {
            var f = part.Split('|');
            if (f.Length != 6) throw new FormatException($"'{part}' is not a stored portfolio option.");
            var i = CultureInfo.InvariantCulture;
            return new PortfolioOption(new ContactAction(f[0], int.Parse(f[1], i), int.Parse(f[2], i)), DateTimeOffset.FromUnixTimeSeconds(long.Parse(f[3], i)),
                double.Parse(f[4], i), double.Parse(f[5], i));
        }).ToList();
    }
}
