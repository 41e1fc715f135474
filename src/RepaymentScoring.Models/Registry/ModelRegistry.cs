using System.Text.RegularExpressions;
using RepaymentScoring.Models.Trees;

namespace RepaymentScoring.Models.Registry;

/// <summary>
/// Published model versions under <c>models/&lt;name&gt;/&lt;version&gt;/</c>. A version is written in a
/// staging folder and renamed into place, so it is complete or absent; published versions are never
/// changed. <c>current</c> names the version in service and is replaced by rename.
/// </summary>
public sealed partial record ModelRegistry(string Root, string RegistryName)
{
    public const string PropensityFile = "propensity.zip";
    public const string ResponseFile = "response.zip";
    public const string ReachFile = "reach.zip";
    public const string LevelsFile = "levels.json";
    public const string CoversFile = "covers.json";
    public const string ManifestFile = "manifest.json";
    public const string EvaluationFile = "evaluation.json";
    public const string CurvesFolder = "curves";
    private const string CurrentFile = "current";
    private const string HistoryFile = "promotions.log";

    [GeneratedRegex(@"^\d{8}T\d{6}Z-[0-9a-f]{8}$")]
    private static partial Regex VersionPattern();

    public string Name => RegistryName;
    public string Folder => Path.Combine(Root, RegistryName);

    public static string NewVersion(DateTimeOffset at, string fingerprint) =>
        $"{at.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{fingerprint[..8]}";

    /// <summary>
    /// Writes a version through <paramref name="write"/> into a staging folder, renames it into place and
    /// makes it current. If writing fails, the staging folder is removed and nothing else changes.
    /// </summary>
    public void Publish(string version, Action<string> write, bool makeCurrent = true)
    {
        if (!VersionPattern().IsMatch(version)) throw new ArgumentException($"'{version}' is not a version name.", nameof(version));
        Directory.CreateDirectory(Folder);
        var target = Path.Combine(Folder, version);
        if (Directory.Exists(target)) throw new InvalidOperationException($"Version {version} is already published; versions are immutable.");
        RemoveAbandonedStaging();
        var staging = Path.Combine(Folder, $".staging-{version}-{Guid.NewGuid():N}");
        // Held while this process writes: another publisher removes only staging folders no live process holds.
        using var held = new FileStream(staging + ".lock", FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        Directory.CreateDirectory(staging);
        try
        {
            write(staging);
            if (!File.Exists(Path.Combine(staging, ManifestFile)))
                throw new InvalidOperationException("A version needs a manifest.json.");
            Directory.Move(staging, target);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
        if (makeCurrent) Promote(version);
    }

    /// <summary>
    /// Removes the staging folders of publishes that were killed: those whose lock file no running
    /// process holds (a lock dies with its process). Returns how many were removed.
    /// </summary>
    public int RemoveAbandonedStaging()
    {
        if (!Directory.Exists(Folder)) return 0;
        var removed = 0;
        foreach (var staging in Directory.GetDirectories(Folder, ".staging-*"))
        {
            try
            {
                using (new FileStream(staging + ".lock", FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
                    Directory.Delete(staging, recursive: true);
                removed++;
            }
            catch (IOException)
            {
                // held by a publish in progress, or already gone
            }
        }
        return removed;
    }

    /// <summary>Published versions, oldest first (staging folders of failed or killed publishes are not versions).</summary>
    public IReadOnlyList<string> Versions() => !Directory.Exists(Folder) ? []
        : Directory.GetDirectories(Folder).Select(Path.GetFileName).OfType<string>()
            .Where(v => VersionPattern().IsMatch(v) && File.Exists(Path.Combine(Folder, v, ManifestFile)))
            .Order(StringComparer.Ordinal).ToList();

    public string? Current()
    {
        var path = Path.Combine(Folder, CurrentFile);
        return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    public void Promote(string version)
    {
        if (!Versions().Contains(version)) throw new ArgumentException($"No published version '{version}' in {Folder}.");
        var temporary = Path.Combine(Folder, $".current-{Guid.NewGuid():N}");
        File.WriteAllText(temporary, version + "\n");
        File.Move(temporary, Path.Combine(Folder, CurrentFile), overwrite: true);
        File.AppendAllText(Path.Combine(Folder, HistoryFile), $"{DateTimeOffset.UtcNow:O} {version}\n");
    }

    /// <summary>Makes the version that was current before the present one current again.</summary>
    public string Rollback()
    {
        var current = Current() ?? throw new InvalidOperationException($"No current version in {Folder}.");
        var path = Path.Combine(Folder, HistoryFile);
        var history = File.Exists(path) ? File.ReadAllLines(path).Select(l => l.Split(' ').Last()).Where(v => v.Length > 0).ToList() : [];
        // Walk back past the current version's latest promotion to the one before it.
        var i = history.LastIndexOf(current) - 1;
        while (i >= 0 && (history[i] == current || !Versions().Contains(history[i]))) i--;
        if (i < 0) throw new InvalidOperationException($"Nothing to roll back to: {current} is the only version promoted.");
        Promote(history[i]);
        return history[i];
    }

    public string PathOf(string version)
    {
        var path = Path.Combine(Folder, version);
        if (!VersionPattern().IsMatch(version) || !Directory.Exists(path))
            throw new ArgumentException($"No published version '{version}' in {Folder} (see 'repay models list').");
        return path;
    }

    public ModelManifest Manifest(string version) => ModelManifest.FromJson(File.ReadAllText(Path.Combine(PathOf(version), ManifestFile)));

    /// <summary>
    /// The one loader of serving and scoring: a version's manifest checked against this build, each
    /// ML.NET model file compiled (<see cref="MlNetModels.Compile"/>) with the covers the version
    /// stores, the response's levels appended, and a smoke prediction of each model that must be a probability.
    /// </summary>
    /// <exception cref="InvalidDataException">The version cannot be served, whatever the cause (manifest, files, model); the message says why.</exception>
    public TrainedModels Load(string version)
    {
        try
        {
            var folder = PathOf(version);
            var manifest = Manifest(version);
            if (manifest.SchemaMismatch() is { } why) throw new InvalidDataException($"version {version} cannot be served: {why}");
            var models = ModelFiles.Read(folder, manifest);
            var p = models.PredictPropensity(new float[models.Schema.StateNames.Count], 1)[0];
            var r = models.HasResponse ? models.PredictResponse(new float[models.Schema.ResponseNames.Count], 1)[0] : 0;
            if (!(p is >= 0 and <= 1) || !(r is >= 0 and <= 1))
                throw new InvalidDataException($"version {version} cannot be served: its smoke prediction is not a probability");
            return models;
        }
        catch (Exception e) when (e is not (InvalidDataException or OutOfMemoryException))
        {
            throw new InvalidDataException($"version {version} cannot be served: {e.Message}", e);
        }
    }
}
