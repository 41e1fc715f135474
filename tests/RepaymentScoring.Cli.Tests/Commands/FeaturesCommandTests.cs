namespace RepaymentScoring.Cli.Tests.Commands;

public sealed class FeaturesCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("repay-cli-features-").FullName;

    [Fact]
    public void Export_writes_every_decision_point_with_label_weight_split_and_the_models_feature_columns()
    {
        var root = RepayProcess.RepoRoot();
        var version = File.ReadAllText(Path.Combine(root, "models", "default", "current")).Trim();
        var output = Path.Combine(_work, "matrix.csv");
        var result = RepayProcess.Run("features", "export", "--from", Path.Combine(root, "data-samples"), "--out", output,
            "--version", version, "--models", Path.Combine(root, "models"));
        Assert.True(result.ExitCode == 0, result.Stderr);
        var lines = File.ReadAllLines(output);
        var header = lines[0].Split(',');
        Assert.Equal(["account_id", "contact_id", "decided_at", "channel", "split", "label", "weight", "recovered", "treatment_probability"], header[..9]);
        var manifest = File.ReadAllText(Path.Combine(root, "models", "default", version, "manifest.json"));
        Assert.All(header[9..], column => Assert.Contains($"\"{column}\"", manifest, StringComparison.Ordinal));
        Assert.Contains("action_intensity", header);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        Assert.True(rows.Count > 1000);
        Assert.Equal(["test", "train", "valid"], rows.Select(r => r[4]).Distinct().Order());
        Assert.Equal(["0", "1"], rows.Select(r => r[5]).Distinct().Order());
        Assert.All(rows, r => Assert.Equal(header.Length, r.Length));
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
