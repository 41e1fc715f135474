using Microsoft.Extensions.Configuration;

namespace RepaymentScoring.Cli.Infrastructure;

/// <summary>appsettings.json beside the program, then environment variables (<c>ConnectionStrings__Store</c>).</summary>
internal static class CliConfiguration
{
    public static IConfiguration Load() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>The store named by <c>--store</c>, else <c>ConnectionStrings:Store</c>.</summary>
    public static string StoreOrDefault(this IConfiguration configuration, string? store) =>
        !string.IsNullOrWhiteSpace(store) ? store
        : configuration.GetConnectionString("Store") is { Length: > 0 } configured ? configured
        : throw new UserError("No store: pass --store <sqlite file | postgres connection string> or set ConnectionStrings:Store.");
}
