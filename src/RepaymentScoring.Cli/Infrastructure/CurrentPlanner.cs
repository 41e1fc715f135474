using RepaymentScoring.Compliance;
using RepaymentScoring.Models;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Planning;

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
        TrainedModels trained;
        try
        {
            trained = registry.Load(version);
        }
        catch (InvalidDataException e)
        {
            throw new UserError($"{e.Message}.");
        }
        var manifest = registry.Manifest(version);
        return new CurrentPlanner(new Planner(trained, manifest, rules, options), version);
    }
}
