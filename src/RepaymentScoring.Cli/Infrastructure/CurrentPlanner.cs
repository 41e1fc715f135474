using RepaymentScoring.Compliance;
using RepaymentScoring.Planning;
using RepaymentScoring.Training;
using RepaymentScoring.Training.Registry;

namespace RepaymentScoring.Cli.Infrastructure;

/// <summary>The registry's current model, checked against this build, as a planner.</summary>
internal sealed class CurrentPlanner
{
    private CurrentPlanner(Planner planner, string version)
    {
        Planner = planner;
        Version = version;
    }

    public Planner Planner { get; }
    public string Version { get; }

    public static CurrentPlanner Load(string modelsFolder, string name, ComplianceRules rules, PlanningOptions options)
    {
        var registry = new ModelRegistry(modelsFolder, name);
        var version = registry.Current() ?? throw new UserError($"No current model in {registry.Folder}: run 'repay train' first.");
        var manifest = registry.Manifest(version);
        if (manifest.SchemaMismatch() is { } why) throw new UserError($"{version} does not fit this build ({why}): retrain.");
        var trained = registry.Load(version);
        return new CurrentPlanner(new Planner(trained, manifest, rules, options), version);
    }
}
