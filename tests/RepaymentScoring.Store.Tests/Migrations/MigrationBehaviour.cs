namespace RepaymentScoring.Store.Tests.Migrations;

public abstract class MigrationBehaviour<TTarget> : StoreSuite<TTarget> where TTarget : StoreTarget, new()
{
    [SkippableFact]
    public void Processes_migrating_at_once_apply_each_version_exactly_once()
    {
        var applied = new System.Collections.Concurrent.ConcurrentBag<int>();
        Parallel.For(0, 4, _ =>
        {
            foreach (var m in Target.Open().Migrate()) applied.Add(m.Version);
        });
        var store = Target.Open();
        Assert.Equal(store.LatestSchemaVersion, store.SchemaVersion());
        Assert.Equal(Enumerable.Range(1, store.LatestSchemaVersion), applied.Order());
        Assert.Empty(store.Migrate());
    }
}

public sealed class SqliteMigrationTests : MigrationBehaviour<SqliteTarget>;
public sealed class PostgresMigrationTests : MigrationBehaviour<PostgresTarget>;
