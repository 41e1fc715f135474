using Npgsql;
using RepaymentScoring.Store.Connection;

namespace RepaymentScoring.Store.Tests;

/// <summary>
/// A fresh, empty store for one test: a SQLite file in a temporary folder, or a new database on the
/// PostgreSQL server the test command starts (REPAY_TEST_POSTGRES); PostgreSQL tests are skipped without it.
/// </summary>
public abstract class StoreTarget : IDisposable
{
    public abstract string Location { get; }
    public ContractStore Open() => ContractStore.Open(Location);
    public abstract void Dispose();

    public static string DataSamples => Path.Combine(RepaymentScoring.Tests.Shared.RepositoryRoot.Path, "data-samples");
}

public sealed class SqliteTarget : StoreTarget
{
    private readonly string _folder = Directory.CreateTempSubdirectory("repay-store-").FullName;
    public override string Location => Path.Combine(_folder, "store.db");
    public override void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

public sealed class PostgresTarget : StoreTarget
{
    public const string Variable = "REPAY_TEST_POSTGRES";
    private readonly string _server;
    private readonly string _database = "repay_test_" + Guid.NewGuid().ToString("N")[..12];

    public PostgresTarget()
    {
        _server = Environment.GetEnvironmentVariable(Variable) ?? "";
        Skip.If(_server.Length == 0, $"{Variable} is not set: run the README's test command, which starts a PostgreSQL server.");
        using var c = new NpgsqlConnection(_server);
        c.Open();
        using var cmd = new NpgsqlCommand($"CREATE DATABASE {_database}", c);
        cmd.ExecuteNonQuery();
    }

    public override string Location => new NpgsqlConnectionStringBuilder(_server) { Database = _database, Pooling = false }.ToString();

    public override void Dispose()
    {
        using var c = new NpgsqlConnection(_server);
        c.Open();
        using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", c);
        cmd.ExecuteNonQuery();
    }
}
