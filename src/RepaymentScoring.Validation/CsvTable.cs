using System.Globalization;
using CsvHelper;

namespace RepaymentScoring.Validation;

/// <summary>Reads a public CSV into rows of named string fields.</summary>
internal static class CsvTable
{
    public static List<Dictionary<string, string>> Read(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord!;
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read())
            rows.Add(header.Select((h, i) => (h, v: csv.GetField(i) ?? "")).ToDictionary(x => x.h, x => x.v, StringComparer.Ordinal));
        return rows;
    }

    public static float Number(string text) => float.Parse(text, CultureInfo.InvariantCulture);
}
