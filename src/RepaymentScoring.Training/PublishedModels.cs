using System.Text.Json;
using Microsoft.ML;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Models.Trees;

namespace RepaymentScoring.Training;

/// <summary>The models a version is published from: ML.NET fits and the response's levels tree, written as <see cref="ModelFiles"/> describes.</summary>
public sealed record PublishedModels(FittedModel Propensity, FittedModel? Response, FittedModel? Reach, FlatTree? Levels)
{
    /// <summary>Writes the model files into <paramref name="folder"/> and returns them by role, for the manifest.</summary>
    public Dictionary<string, string> WriteTo(string folder)
    {
        var context = new MLContext();
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var covers = new Dictionary<string, float[][]>(StringComparer.Ordinal);
        void Model(string role, string file, FittedModel model)
        {
            File.WriteAllBytes(Path.Combine(folder, file), MlNetModels.Save(context, model.Transformer, model.InputSchema));
            files[role] = file;
            covers[role] = [.. model.Trees.Source.Select(t => t.Cover)];
        }
        Model(ModelFiles.Propensity, ModelRegistry.PropensityFile, Propensity);
        if (Response is not null) Model(ModelFiles.Response, ModelRegistry.ResponseFile, Response);
        if (Reach is not null) Model(ModelFiles.Reach, ModelRegistry.ReachFile, Reach);
        if (Levels is not null)
        {
            File.WriteAllText(Path.Combine(folder, ModelRegistry.LevelsFile), JsonSerializer.Serialize(Levels, ModelFiles.Json));
            files[ModelFiles.Levels] = ModelRegistry.LevelsFile;
        }
        File.WriteAllText(Path.Combine(folder, ModelRegistry.CoversFile), JsonSerializer.Serialize(covers, ModelFiles.Json));
        files[ModelFiles.Covers] = ModelRegistry.CoversFile;
        return files;
    }
}
