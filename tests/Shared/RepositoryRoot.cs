namespace RepaymentScoring.Tests.Shared;

/// <summary>Finds the repository (the folder holding RepaymentScoring.sln) from a test's output folder.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "RepaymentScoring.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (RepaymentScoring.sln) above " + AppContext.BaseDirectory);
    }
}
