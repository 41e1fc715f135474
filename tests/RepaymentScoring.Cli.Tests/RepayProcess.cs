using System.Diagnostics;

namespace RepaymentScoring.Cli.Tests;

/// <summary>Runs the built <c>repay</c> program as a user would, capturing exit code and output.</summary>
internal static class RepayProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args) => RunWith(new Dictionary<string, string>(), args);

    public static Result RunWith(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "repay.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("REPAY_DEBUG");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr);
    }

    public static string RepoRoot() => RepaymentScoring.Tests.Shared.RepositoryRoot.Path;
}
