using System.Data.Common;
using RepaymentScoring.Api.Infrastructure;
using RepaymentScoring.Store;

namespace RepaymentScoring.Api.Accounts;

/// <summary>
/// The store behind the account endpoints (<c>ConnectionStrings:Store</c>), migrated at start when
/// reachable. Only these endpoints depend on it: plans from a request body keep working without it.
/// </summary>
public sealed class StoreAccess(IConfiguration configuration, ILogger<StoreAccess> log)
{
    public ContractStore? Store { get; } = configuration.GetConnectionString("Store") is { Length: > 0 } location ? ContractStore.Open(location) : null;

    public void MigrateAtStart()
    {
        if (Store is null) return;
        try
        {
            Store.Migrate();
            _state = "ok";
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            _state = "unreachable";
            log.StoreUnreachableAtStart(Store.Location.Describe(), e.GetType().Name);
        }
        Interlocked.Exchange(ref _checkedTicks, DateTime.UtcNow.Ticks);
    }

    // Set by the migration at start, so readiness knows the store's state from its first call.
    private volatile string _state = "unknown";
    private long _checkedTicks;
    private int _checking;

    /// <summary>
    /// <c>ok</c>, <c>unreachable</c> or <c>not configured</c>, known from the migration at start:
    /// the last known state, refreshed in the background at most every 10 seconds, so a readiness probe
    /// never waits for a store that times out.
    /// </summary>
    public string State()
    {
        if (Store is null) return "not configured";
        if (DateTime.UtcNow.Ticks - Interlocked.Read(ref _checkedTicks) > TimeSpan.TicksPerSecond * 10 && Interlocked.Exchange(ref _checking, 1) == 0)
        {
            _ = Task.Run(() =>
            {
                try
                {
                    _state = Store.SchemaVersion() > 0 ? "ok" : "unreachable";
                }
                catch (Exception e) when (IsUnavailable(e))
                {
                    _state = "unreachable";
                }
                finally
                {
                    Interlocked.Exchange(ref _checkedTicks, DateTime.UtcNow.Ticks);
                    Interlocked.Exchange(ref _checking, 0);
                }
            });
        }
        return _state;
    }

    public static bool IsUnavailable(Exception e) => e is DbException or TimeoutException or InvalidOperationException { InnerException: DbException };
}
