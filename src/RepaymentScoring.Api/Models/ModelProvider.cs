using Microsoft.Extensions.Options;
using RepaymentScoring.Api.Infrastructure;
using RepaymentScoring.Compliance;
using RepaymentScoring.Models;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Planning;

namespace RepaymentScoring.Api.Models;

/// <summary>A loaded, checked model version and the planner that uses it.</summary>
public sealed record ServedModel(string Version, ModelManifest Manifest, TrainedModels Models, Planner Planner);

/// <summary>The outcome of a reload: what is served now, and why a new version was refused.</summary>
public sealed record ReloadOutcome(string? Serving, string? Refused, string? Reason);

/// <summary>
/// Holds the served model and swaps it atomically: a new version is loaded and checked (its manifest
/// fits this build's features, a smoke prediction works) before it replaces the old one; a version that
/// fails is refused with a logged reason and the old one keeps serving. Requests read one reference,
/// so none sees half a swap; a replaced model is collected once no request holds it.
/// </summary>
public sealed class ModelProvider(IOptions<ApiOptions> options, ComplianceRules rules, PlanningOptions planning, ILogger<ModelProvider> log)
{
    private readonly Lock _reloading = new();
    private volatile ServedModel? _current;

    public ServedModel? Current => _current;

    /// <summary>Why the last version tried was not served (null once one loads): what readiness reports while no model is loaded.</summary>
    public string? LastRefusal { get; private set; }

    public ModelRegistry Registry { get; } = new(options.Value.ModelsFolder, options.Value.ModelName);

    public ReloadOutcome Reload()
    {
        lock (_reloading)
        {
            string? version;
            try
            {
                version = Registry.Current();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Refuse(null, $"{Registry.Folder}/current cannot be read ({e.GetType().Name})");
            }
            if (version is null)
                return Refuse(null, $"no current version in {Registry.Folder}");
            if (version == _current?.Version)
                return new ReloadOutcome(version, null, null);
            try
            {
                var loaded = Registry.Load(version);
                var manifest = Registry.Manifest(version);
                var served = new ServedModel(version, manifest, loaded, new Planner(loaded, manifest, rules, planning));
                var previous = _current;
                _current = served;
                LastRefusal = null;
                log.ServingModel(version, previous?.Version ?? "none");
                return new ReloadOutcome(version, null, null);
            }
            // Whatever a version's files hold, loading it is refused rather than allowed to stop the service.
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return Refuse(version, e is InvalidDataException ? FirstLine(e.Message) : $"{e.GetType().Name}: {FirstLine(e.Message)}");
            }
        }
    }

    /// <summary>A reason fit to show a caller: native libraries put stack traces in their messages.</summary>
    private static string FirstLine(string message)
    {
        var line = message.AsSpan().Trim();
        var end = line.IndexOfAny('\r', '\n');
        if (end >= 0) line = line[..end];
        return line.Length <= 300 ? line.ToString() : string.Concat(line[..300], "...");
    }

    private ReloadOutcome Refuse(string? version, string reason)
    {
        LastRefusal = version is null ? reason : $"version {version} refused: {reason}";
        if (version is not null)
            log.RefusedModel(version, reason, _current?.Version ?? "none");
        return new ReloadOutcome(_current?.Version, version, reason);
    }
}

/// <summary>Watches <c>current</c> and reloads when it names another version.</summary>
public sealed class ModelWatcher(ModelProvider provider, IOptions<ApiOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.ReloadPollSeconds)));
        string? refused = null;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            string? named;
            try
            {
                named = provider.Registry.Current();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // read again at the next tick; the served version stays
            }
            // A refused version is tried again only once current names another one: no log flood.
            if (named is null || named == provider.Current?.Version || named == refused) continue;
            refused = provider.Reload().Refused;
        }
    }
}
