using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Csv;

namespace RepaymentScoring.Store.Tests;

/// <summary>Base of the shared store suite: each behaviour class runs once per provider.</summary>
public abstract class StoreSuite<TTarget> : IDisposable where TTarget : StoreTarget, new()
{
    protected TTarget Target { get; } = new();

    protected ContractStore MigratedStore()
    {
        var store = Target.Open();
        store.Migrate();
        return store;
    }

    protected static ContractDataSet Read(string folder, ContractStore? store = null) =>
        new ContractCsvReader(ChannelCatalog.Default).ReadFolder(folder, store is null ? null : store.AccountIds().Contains);

    protected static string CopyOfSamples()
    {
        var copy = Directory.CreateTempSubdirectory("repay-samples-").FullName;
        foreach (var f in Directory.GetFiles(StoreTarget.DataSamples, "*.csv"))
            File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        return copy;
    }

    protected static long CsvRows(string folder, string file) => File.ReadLines(Path.Combine(folder, file)).Skip(1).LongCount(l => l.Length > 0);

    public void Dispose()
    {
        Target.Dispose();
        GC.SuppressFinalize(this);
    }
}
