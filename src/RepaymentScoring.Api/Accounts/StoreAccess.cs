using System.Data.Common;
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
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            log.LogWarning("The store {Store} is not reachable at start ({Reason}); account endpoints answer 503 until it is", Store.Location.Describe(), e.GetType().Name);
        }
    }

    public static bool IsUnavailable(Exception e) => e is DbException or TimeoutException or InvalidOperationException { InnerException: DbException };
}
