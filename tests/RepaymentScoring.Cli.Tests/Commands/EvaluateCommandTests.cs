using SkiaSharp;

namespace RepaymentScoring.Cli.Tests.Commands;

public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("repay-cli-evaluate-").FullName;
    private static string Root => RepayProcess.RepoRoot();

    [Fact]
    public void Plots_are_png_charts_of_at_least_800_by_500_pixels_that_are_not_blank()
    {
        var models = Path.Combine(Root, "models");
        var version = File.ReadAllText(Path.Combine(models, "default", "current")).Trim();
        var plots = Path.Combine(_work, "plots");
        var result = RepayProcess.Run("evaluate", version, "--from", Path.Combine(Root, "data-samples"), "--models", models,
            "--out", Path.Combine(_work, "evaluation.json"), "--plots", plots);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var files = Directory.GetFiles(plots, "*.png").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["calibration.png", "feature_importance.png", "propensity_by_stage.png", "qini_by_channel.png", "roc.png"], files);
        foreach (var file in files)
        {
            using var image = SKBitmap.Decode(Path.Combine(plots, file!));
            Assert.NotNull(image);
            Assert.True(image.Width >= 800 && image.Height >= 500, $"{file}: {image.Width}x{image.Height}");
            var background = image.GetPixel(0, 0);
            long differing = 0;
            for (var y = 0; y < image.Height; y++)
                for (var x = 0; x < image.Width; x++)
                    if (image.GetPixel(x, y) != background) differing++;
            Assert.True(differing > image.Width * image.Height / 100, $"{file}: only {differing} pixels differ from the background");
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
