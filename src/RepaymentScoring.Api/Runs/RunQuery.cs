using System.Globalization;
using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Store.Runs;

namespace RepaymentScoring.Api.Runs;

/// <summary>
/// Reads the query string of a run's plans or summary into a filter, a sort and a page, collecting
/// every invalid value by its parameter name (a 400 lists them all). Values are matched against the
/// known stages, tiers, channels, cadences and products, so nothing unknown reaches a query.
/// </summary>
internal sealed class RunQuery(IQueryCollection query, ChannelCatalog channels)
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    private static readonly string[] Tiers = ["low", "medium", "high"];

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public RunPlanFilter Filter() => new()
    {
        Stage = Among("stage", [.. CollectionStage.All]),
        RiskTier = Among("risk_tier", Tiers),
        Channel = Among("channel", [RunPlanColumns.Wait, .. channels.ContactChannels]),
        CadenceDays = Among("cadence_days", ["0", .. ContactAction.Cadences.Select(c => c.ToString(CultureInfo.InvariantCulture))])
            ?.Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList(),
        Product = Among("product", [.. Account.Products]),
        Region = Texts("region"),
        MinPropensity = Number("min_propensity", 0, 1),
        MaxPropensity = Number("max_propensity", 0, 1),
        MinExpectedValue = Number("min_expected_value", double.MinValue, double.MaxValue),
        MaxExpectedValue = Number("max_expected_value", double.MinValue, double.MaxValue),
    };

    public (string Sort, bool Descending) Sort()
    {
        var sort = Single("sort") ?? "account_id";
        if (!RunPlanColumns.Sortable.Contains(sort)) Error("sort", $"'{Clip(sort)}' is not one of {string.Join(", ", RunPlanColumns.Sortable)}");
        var order = Single("order") ?? "asc";
        if (order is not ("asc" or "desc")) Error("order", "asc or desc");
        return (sort, order == "desc");
    }

    public (int Offset, int Limit) Page()
    {
        var page = Whole("page", 1, int.MaxValue / MaxPageSize) ?? 1;
        var size = Whole("page_size", 1, MaxPageSize) ?? DefaultPageSize;
        return ((page - 1) * size, size);
    }

    public int Bins() => Whole("bins", 2, 100) ?? 20;

    public IReadOnlyList<string> By()
    {
        var by = Texts("by") ?? [];
        foreach (var column in by.Where(c => !RunPlanColumns.Categorical.Contains(c)))
            Error("by", $"'{Clip(column)}' is not one of {string.Join(", ", RunPlanColumns.Categorical)}");
        if (by.Distinct().Count() != by.Count) Error("by", "a column appears twice");
        return by;
    }

    /// <summary>The filter as text for the export audit: the query string's filter parameters, sorted.</summary>
    public string Describe() => string.Join('&', query.Where(q => q.Key is not ("page" or "page_size" or "sort" or "order" or "bins" or "by"))
        .OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => $"{q.Key}={q.Value}"));

    private List<string>? Texts(string name)
    {
        if (!query.TryGetValue(name, out var values)) return null;
        var items = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (items.Count == 0) Error(name, "give at least one value, or leave the parameter out");
        foreach (var item in items.Where(i => i.Length > 64)) Error(name, $"'{Clip(item)}' is longer than 64 characters");
        return items.Count == 0 ? null : items;
    }

    private List<string>? Among(string name, IReadOnlyCollection<string> known)
    {
        var items = Texts(name);
        foreach (var item in items?.Where(i => !known.Contains(i)) ?? []) Error(name, $"'{Clip(item)}' is not one of {string.Join(", ", known)}");
        return items;
    }

    private string? Single(string name)
    {
        if (!query.TryGetValue(name, out var values)) return null;
        if (values.Count != 1) Error(name, "give it once");
        return values[0];
    }

    private double? Number(string name, double min, double max)
    {
        if (Single(name) is not { } text) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= min && v <= max) return v;
        Error(name, min == double.MinValue ? "a finite number" : $"a number within {min}..{max}");
        return null;
    }

    private int? Whole(string name, int min, int max)
    {
        if (Single(name) is not { } text) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max) return v;
        Error(name, $"a whole number within {min}..{max}");
        return null;
    }

    private void Error(string name, string reason)
    {
        Errors[name] = Errors.TryGetValue(name, out var list) ? [.. list, reason] : [reason];
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
