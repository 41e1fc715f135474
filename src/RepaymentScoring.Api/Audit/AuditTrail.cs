using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using RepaymentScoring.Api.Accounts;
using RepaymentScoring.Api.Infrastructure;
using RepaymentScoring.Store.Audit;

namespace RepaymentScoring.Api.Audit;

/// <summary>Settings of the audit trail (section <c>Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>Rows waiting for the writer; beyond it a row is lost and counted.</summary>
    public int Capacity { get; set; } = 100_000;

    /// <summary>Where rows go while the store is down; replayed when it is back.</summary>
    public string SpillFile { get; set; } = "audit-spill.jsonl";

    /// <summary>Rows older than this many days are purged.</summary>
    public int RetentionDays { get; set; } = 400;

    /// <summary>Secret of the keyed hash that stands for an account id in logs.</summary>
    public string LogSecret { get; set; } = "";

    public const int MinLogSecretLength = 32;

    public int FlushMilliseconds { get; set; } = 500;
}

/// <summary>
/// Appends every served plan to <c>plan_audit</c> through a bounded queue and one background writer:
/// requests never wait for the store. While the store is down, rows spill to a local file and are
/// replayed once it answers; shutdown drains the queue; old rows are purged daily.
/// </summary>
public sealed class AuditTrail : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Channel<AuditRow> _queue;
    private readonly StoreAccess _store;
    private readonly AuditOptions _options;
    private readonly ILogger<AuditTrail> _log;
    private readonly Counter<long> _written;
    private readonly Counter<long> _lost;
    private readonly Counter<long> _spilled;
    private DateTimeOffset _lastPurge = DateTimeOffset.MinValue;

    public AuditTrail(StoreAccess store, Microsoft.Extensions.Options.IOptions<AuditOptions> options, IMeterFactory meters, ILogger<AuditTrail> log)
    {
        _store = store;
        _options = options.Value;
        _log = log;
        _queue = Channel.CreateBounded<AuditRow>(new BoundedChannelOptions(Math.Max(1, _options.Capacity))
        {
            FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true,
        });
        var meter = meters.Create(Infrastructure.ApiMetrics.MeterName);
        _written = meter.CreateCounter<long>("repay.audit.written", description: "Audit rows stored");
        _lost = meter.CreateCounter<long>("repay.audit.lost", description: "Audit rows dropped because the queue was full");
        _spilled = meter.CreateCounter<long>("repay.audit.spilled", description: "Audit rows written to the spill file while the store was down");
    }

    /// <summary>Queues a row; never blocks a request. A full queue loses the row and counts it.</summary>
    public void Record(AuditRow row)
    {
        if (_store.Store is null) return;
        if (!_queue.Writer.TryWrite(row)) _lost.Add(1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_store.Store is null) return;
        // A steady beat rather than waiting for rows: spilled rows are replayed even when no plan comes.
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(50, _options.FlushMilliseconds)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                Flush();
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        Flush(); // graceful shutdown: nothing queued is left behind
    }

    /// <summary>Writes what is queued (and what spilled earlier) to the store, or spills it.</summary>
    public void Flush()
    {
        if (_store.Store is null) return;
        var batch = new List<AuditRow>();
        while (_queue.Reader.TryRead(out var row)) batch.Add(row);
        try
        {
            ReplaySpill();
            if (batch.Count > 0)
            {
                _store.Store!.AppendAudit(batch);
                _written.Add(batch.Count);
            }
            PurgeDaily();
        }
        catch (Exception e) when (StoreAccess.IsUnavailable(e))
        {
            if (batch.Count == 0) return;
            File.AppendAllLines(_options.SpillFile, batch.Select(r => JsonSerializer.Serialize(r, Json)));
            _spilled.Add(batch.Count);
            _log.AuditSpilled(e.GetType().Name, batch.Count, _options.SpillFile);
        }
    }

    private void ReplaySpill()
    {
        if (!File.Exists(_options.SpillFile)) return;
        // A name of its own: another process sharing the spill file may be replaying at the same moment.
        var replaying = $"{_options.SpillFile}.replaying-{Guid.NewGuid():N}";
        try
        {
            File.Move(_options.SpillFile, replaying);
        }
        catch (FileNotFoundException)
        {
            return; // the other process took it
        }
        var rows = File.ReadAllLines(replaying).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<AuditRow>(l, Json)!).ToList();
        try
        {
            _store.Store!.AppendAudit(rows);
        }
        catch
        {
            // Still down: the rows go back to the spill file, ahead of new ones.
            File.AppendAllLines(_options.SpillFile, File.ReadAllLines(replaying));
            File.Delete(replaying);
            throw;
        }
        File.Delete(replaying);
        _written.Add(rows.Count);
        _log.AuditReplayed(rows.Count);
    }

    private void PurgeDaily()
    {
        if (DateTimeOffset.UtcNow - _lastPurge < TimeSpan.FromDays(1)) return;
        _lastPurge = DateTimeOffset.UtcNow;
        var purged = _store.Store!.PurgeAudit(DateTimeOffset.UtcNow.AddDays(-_options.RetentionDays));
        if (purged > 0) _log.AuditPurged(purged, _options.RetentionDays);
    }

    public void LogUnknownAccount(string accountId)
    {
        if (_log.IsEnabled(LogLevel.Information)) _log.UnknownAccount(AccountHash(accountId)); // the hash is worth skipping
    }

    /// <summary>What logs show instead of an account id: a keyed hash, the same for the same account and secret.</summary>
    public string AccountHash(string accountId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(_options.LogSecret), Encoding.UTF8.GetBytes(accountId)))[..16];
}
