using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using RepaymentScoring.Api.Auth;
using RepaymentScoring.Tests.Shared;

namespace RepaymentScoring.Api.Tests;

/// <summary>The service over a private copy of the committed model registry, with a scorer, an admin and an analyst key.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string ScorerKey = "test-scorer-key";
    public const string AdminKey = "test-admin-key";
    public const string AnalystKey = "test-analyst-key";

    public string Models { get; } = Directory.CreateTempSubdirectory("repay-api-models-").FullName;

    public ApiFactory()
    {
        var source = Path.Combine(RepositoryRoot.Path, "models", "default");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(Models, "default", Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Api:ModelsFolder", Models);
        builder.UseSetting("Api:ReloadPollSeconds", "1");
        builder.UseSetting("Api:MaxBodyBytes", "200000");
        // Each host spills audit rows into its own folder: the default, in the working directory, is
        // shared by every test host of the process, which would replay each other's rows.
        builder.UseSetting("Audit:SpillFile", Path.Combine(Models, "audit-spill.jsonl"));
        builder.UseSetting("Auth:Keys:0:Name", "scorer");
        builder.UseSetting("Auth:Keys:0:Hash", ApiKeys.Hash(ScorerKey));
        builder.UseSetting("Auth:Keys:0:Role", ApiKeys.ScorerRole);
        builder.UseSetting("Auth:Keys:1:Name", "admin");
        builder.UseSetting("Auth:Keys:1:Hash", ApiKeys.Hash(AdminKey));
        builder.UseSetting("Auth:Keys:1:Role", ApiKeys.AdminRole);
        builder.UseSetting("Auth:Keys:2:Name", "analyst");
        builder.UseSetting("Auth:Keys:2:Hash", ApiKeys.Hash(AnalystKey));
        builder.UseSetting("Auth:Keys:2:Role", ApiKeys.AnalystRole);
    }

    public HttpClient Client(string? key)
    {
        var client = CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Add(ApiKeys.Header, key);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(Models)) Directory.Delete(Models, recursive: true);
    }
}
