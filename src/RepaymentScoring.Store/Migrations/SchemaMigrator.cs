using System.Data.Common;
using System.Reflection;
using Dapper;
using RepaymentScoring.Store.Connection;

namespace RepaymentScoring.Store.Migrations;

/// <summary>A numbered migration script embedded in this assembly.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// Applies the embedded scripts <c>NNN_name.sql</c> in order and records each in <c>schema_version</c>,
/// under the writer lock, so two processes starting at once never migrate twice.
/// </summary>
internal sealed class SchemaMigrator(StoreDialect dialect)
{
    // Read from the assembly once per dialect: the readiness probe asks for the version every few seconds.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Migration[]> Scripts = new(StringComparer.Ordinal);

    public IReadOnlyList<Migration> Available { get; } = Scripts.GetOrAdd(dialect.MigrationFolder, LoadScripts);

    public int LatestVersion => Available.Count == 0 ? 0 : Available[^1].Version;

    /// <summary>Applies what is missing; returns the migrations applied now.</summary>
    public IReadOnlyList<Migration> Migrate()
    {
        using var connection = dialect.Open();
        using var tx = dialect.BeginExclusive(connection);
        connection.Execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)",
            transaction: tx);
        var current = CurrentVersion(connection, tx);
        if (current > LatestVersion)
            throw new InvalidOperationException(
                $"The store is at schema version {current}, newer than this build knows ({LatestVersion}). Use a newer build.");
        var applied = new List<Migration>();
        foreach (var migration in Available.Where(m => m.Version > current))
        {
            connection.Execute(migration.Sql, transaction: tx);
            connection.Execute("INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @At)",
                new { migration.Version, migration.Name, At = DateTimeOffset.UtcNow.ToString("O") }, tx);
            applied.Add(migration);
        }
        tx.Commit();
        return applied;
    }

    public int CurrentVersion()
    {
        using var connection = dialect.Open();
        return dialect.TableExists(connection, "schema_version") ? CurrentVersion(connection, null) : 0;
    }

    private static int CurrentVersion(DbConnection connection, DbTransaction? tx) =>
        connection.ExecuteScalar<int?>("SELECT MAX(version) FROM schema_version", transaction: tx) ?? 0;

    private static Migration[] LoadScripts(string folder)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{folder}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..^4];
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return new Migration(int.Parse(name[..3], System.Globalization.CultureInfo.InvariantCulture), name, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToArray();
    }
}
