using System.Globalization;
using RepaymentScoring.Contract.Channels;

namespace RepaymentScoring.Planning.Portfolio;

/// <summary>
/// A day's limits on a portfolio plan: per channel, how many accounts may get a first contact that
/// day (agents, field staff, messaging quota); and a budget on the contact cost of the plans' week.
/// </summary>
public sealed record PortfolioLimits(IReadOnlyDictionary<string, int> Capacity, double? Budget)
{
    public static PortfolioLimits Unlimited { get; } = new(new Dictionary<string, int>(), null);

    public bool IsUnlimited => Capacity.Count == 0 && Budget is null;

    /// <summary>Reads <c>phone=500,visit=20,sms=10000</c>; every error names the item.</summary>
    /// <exception cref="ArgumentException">An item is not channel=count, names an unknown channel, repeats one, or a count or the budget is negative.</exception>
    public static PortfolioLimits Parse(string? capacity, double? budget, ChannelCatalog channels)
    {
        var limits = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in (capacity ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                throw new ArgumentException($"capacity '{item}' is not channel=count with a whole count of 0 or more.");
            if (!channels.TryGet(parts[0], out _) || parts[0] == ChannelCatalog.NoContact)
                throw new ArgumentException($"capacity '{item}' names unknown channel '{parts[0]}' (known: {string.Join(", ", channels.ContactChannels)}).");
            if (!limits.TryAdd(parts[0], count))
                throw new ArgumentException($"capacity names channel '{parts[0]}' twice.");
        }
        if (budget is < 0 || (budget is { } b && !double.IsFinite(b)))
            throw new ArgumentException($"budget {budget} must be a finite amount of 0 or more.");
        return new PortfolioLimits(limits, budget);
    }

    public override string ToString() =>
        IsUnlimited ? "no limits"
        : string.Join(", ", Capacity.Select(c => $"{c.Key}={c.Value}").Append(Budget is { } b ? $"budget={b.ToString("0.##", CultureInfo.InvariantCulture)}" : null).OfType<string>());
}
