using Microsoft.Data.Sqlite;
using Npgsql;

namespace RepaymentScoring.Store.Connection;

public enum StoreProvider { Sqlite, Postgres }

/// <summary>
/// Where the store lives: a SQLite file (a path, or <c>Data Source=...</c>) or a PostgreSQL server
/// (a connection string with <c>Host=</c>, or a <c>postgres://</c> URI). The provider follows from the text.
/// </summary>
public sealed record StoreLocation(StoreProvider Provider, string ConnectionString)
{
    public static StoreLocation Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        text = text.Trim();
        if (text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return new(StoreProvider.Postgres, FromUri(new Uri(text)));
        if (text.Contains("Host=", StringComparison.OrdinalIgnoreCase) || text.Contains("Server=", StringComparison.OrdinalIgnoreCase))
        {
            try { _ = new NpgsqlConnectionStringBuilder(text); }
            catch (ArgumentException e) { throw new ArgumentException($"Not a valid PostgreSQL connection string: {e.Message}", nameof(text), e); }
            return new(StoreProvider.Postgres, text);
        }
        var sqlite = text.Contains("Data Source=", StringComparison.OrdinalIgnoreCase)
            ? new SqliteConnectionStringBuilder(text)
            : new SqliteConnectionStringBuilder { DataSource = text };
        // Waits for another writer (import, migration) instead of failing at once.
        sqlite.DefaultTimeout = Math.Max(sqlite.DefaultTimeout, 60);
        sqlite.Pooling = false;
        return new(StoreProvider.Sqlite, sqlite.ToString());
    }

    /// <summary>The SQLite file of this store, or null for PostgreSQL and in-memory databases.</summary>
    public string? SqliteFile => Provider == StoreProvider.Sqlite
        && new SqliteConnectionStringBuilder(ConnectionString).DataSource is { Length: > 0 } file && file != ":memory:" ? file : null;

    /// <summary>False for a SQLite file that is not there (opening it would create an empty one); a server is assumed to exist.</summary>
    public bool Exists => SqliteFile is not { } file || File.Exists(file);

    /// <summary>For messages and logs: never the password.</summary>
    public string Describe() => Provider switch
    {
        StoreProvider.Postgres when new NpgsqlConnectionStringBuilder(ConnectionString) is var b =>
            $"PostgreSQL {b.Host}:{b.Port}/{b.Database}",
        _ => $"SQLite {new SqliteConnectionStringBuilder(ConnectionString).DataSource}",
    };

    private static string FromUri(Uri uri)
    {
        var b = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port, Database = uri.AbsolutePath.Trim('/') };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0) b.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length > 1) b.Password = Uri.UnescapeDataString(userInfo[1]);
        return b.ToString();
    }
}
