using System.CommandLine;

namespace RepaymentScoring.Cli.Commands;

/// <summary>The options every model verb shares (DESIGN.md, Shared names).</summary>
internal static class RegistryOptions
{
    public static Option<string> From() => new("--from")
    {
        Description = "History: a folder of contract CSV files, a SQLite file or a PostgreSQL connection string.",
        Required = true,
    };

    public static Option<string> Models() => new("--models") { Description = "Model registry folder.", DefaultValueFactory = _ => "models" };

    public static Option<string> Name() => new("--name") { Description = "Model name inside the registry.", DefaultValueFactory = _ => "default" };
}
