using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace RepaymentScoring.Store.Connection;

/// <summary>The column types the store uses; each dialect maps them to its own.</summary>
internal enum ColumnType { Text, Integer, Real, Decimal, Bool, Date, Timestamp }

internal sealed record ColumnSpec<T>(string Name, ColumnType Type, Func<T, object?> Get);

/// <summary>What differs between SQLite and PostgreSQL: connections, locks, value encodings, bulk writes.</summary>
internal abstract class StoreDialect
{
    public abstract string MigrationFolder { get; }

    public abstract DbConnection Open();

    /// <summary>Begins a write transaction that also serialises writers across processes.</summary>
    public abstract DbTransaction BeginExclusive(DbConnection connection);

    public abstract object Encode(ColumnType type, object? value);

    public abstract void BulkInsert<T>(DbConnection connection, DbTransaction tx, string table, IReadOnlyList<ColumnSpec<T>> columns, IEnumerable<T> rows);

    public abstract bool TableExists(DbConnection connection, string table);

    /// <summary>A condition "column is one of the list parameter": Dapper expands lists for SQLite, passes an array to PostgreSQL.</summary>
    public abstract string InList(string column, string parameter);

    /// <summary>The whole number at or below a non-negative expression.</summary>
    public abstract string FloorOfNonNegative(string expression);

    public static StoreDialect For(StoreLocation location) => location.Provider switch
    {
        StoreProvider.Postgres => new PostgresDialect(location.ConnectionString),
        _ => new SqliteDialect(location.ConnectionString),
    };
}

internal sealed class SqliteDialect(string connectionString) : StoreDialect
{
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public override string MigrationFolder => "Sqlite";

    public override DbConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        // WAL lets readers (the API) go on while an import writes.
        connection.Execute("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
        return connection;
    }

    // BEGIN IMMEDIATE takes the database's write lock at once; a second writer waits (busy timeout).
    public override DbTransaction BeginExclusive(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    public override object Encode(ColumnType type, object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset t => t.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        bool b => b ? 1L : 0L,
        _ => value,
    };

    public override void BulkInsert<T>(DbConnection connection, DbTransaction tx, string table, IReadOnlyList<ColumnSpec<T>> columns, IEnumerable<T> rows)
    {
        using var command = (SqliteCommand)connection.CreateCommand();
        command.Transaction = (SqliteTransaction)tx;
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        var parameters = columns.Select((_, i) => command.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        command.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < columns.Count; i++)
                parameters[i].Value = Encode(columns[i].Type, columns[i].Get(row));
            command.ExecuteNonQuery();
        }
    }

    public override string InList(string column, string parameter) => $"{column} IN @{parameter}";

    public override string FloorOfNonNegative(string expression) => $"CAST({expression} AS INTEGER)";

    public override bool TableExists(DbConnection connection, string table) =>
        connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @table", new { table }) > 0;
}

internal sealed class PostgresDialect(string connectionString) : StoreDialect
{
    // Any fixed number: the key of the advisory lock every RepaymentScoring writer takes.
    private const long WriterLockKey = 0x52_45_50_41_59; // "REPAY"

    public override string MigrationFolder => "Postgres";

    public override DbConnection Open()
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return connection;
    }

    public override DbTransaction BeginExclusive(DbConnection connection)
    {
        var tx = connection.BeginTransaction();
        // Held until commit or rollback: two processes migrating or importing at once take turns.
        connection.Execute("SELECT pg_advisory_xact_lock(@key)", new { key = WriterLockKey }, tx);
        return tx;
    }

    public override object Encode(ColumnType type, object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset t => t.UtcDateTime,
        _ => value,
    };

    public override void BulkInsert<T>(DbConnection connection, DbTransaction tx, string table, IReadOnlyList<ColumnSpec<T>> columns, IEnumerable<T> rows)
    {
        var types = columns.Select(c => c.Type switch
        {
            ColumnType.Integer => NpgsqlDbType.Integer,
            ColumnType.Real => NpgsqlDbType.Double,
            ColumnType.Decimal => NpgsqlDbType.Numeric,
            ColumnType.Bool => NpgsqlDbType.Boolean,
            ColumnType.Date => NpgsqlDbType.Date,
            ColumnType.Timestamp => NpgsqlDbType.TimestampTz,
            _ => NpgsqlDbType.Text,
        }).ToArray();
        using var importer = ((NpgsqlConnection)connection).BeginBinaryImport(
            $"COPY {table} ({string.Join(", ", columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            importer.StartRow();
            for (var i = 0; i < columns.Count; i++)
            {
                var value = Encode(columns[i].Type, columns[i].Get(row));
                if (value is DBNull) importer.WriteNull();
                else importer.Write(value, types[i]);
            }
        }
        importer.Complete();
    }

    public override string InList(string column, string parameter) => $"{column} = ANY(@{parameter})";

    public override string FloorOfNonNegative(string expression) => $"CAST(FLOOR({expression}) AS integer)";

    public override bool TableExists(DbConnection connection, string table) =>
        connection.ExecuteScalar<bool>("SELECT to_regclass(@table) IS NOT NULL", new { table });
}
