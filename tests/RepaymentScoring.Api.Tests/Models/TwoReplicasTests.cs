using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RepaymentScoring.Api.Tests.Models;

/// <summary>
/// Two service processes on different ports, sharing one PostgreSQL store and one models folder:
/// both serve plans, and both switch to a newly published version by themselves.
/// </summary>
public sealed class TwoReplicasTests : IDisposable
{
    private readonly ApiFactory _models = new(); // only for its private copy of the registry
    private readonly List<Process> _replicas = [];

    [SkippableFact]
    public async Task Both_replicas_serve_plans_and_pick_up_a_newly_published_version()
    {
        var server = Environment.GetEnvironmentVariable("REPAY_TEST_POSTGRES");
        Skip.If(string.IsNullOrEmpty(server), "REPAY_TEST_POSTGRES is not set: run the README's test command, which starts PostgreSQL.");
        var ports = new[] { FreePort(), FreePort() };
        foreach (var port in ports) _replicas.Add(Start(port, server!));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.ScorerKey);
        foreach (var port in ports) await WaitUntil(async () => (await Get(http, port, "/health/ready")).StatusCode == HttpStatusCode.OK);

        var folder = Path.Combine(_models.Models, "default");
        var before = File.ReadAllText(Path.Combine(folder, "current")).Trim();
        foreach (var port in ports)
        {
            var plan = await http.PostAsync($"http://127.0.0.1:{port}/v1/plans", new StringContent(PlanRequests.Valid, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
            Assert.Equal(before, plan.Headers.GetValues("X-Model-Version").Single());
        }

        // Publish the registry's way: a complete folder renamed into place, then current replaced by rename.
        var fresh = "20991231T000000Z-" + before[^8..];
        var staging = Path.Combine(folder, ".staging-" + fresh);
        foreach (var file in Directory.GetFiles(Path.Combine(folder, before), "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(staging, Path.GetRelativePath(Path.Combine(folder, before), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var manifest = Path.Combine(staging, "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(before, fresh, StringComparison.Ordinal));
        Directory.Move(staging, Path.Combine(folder, fresh));
        File.WriteAllText(Path.Combine(folder, ".current-new"), fresh);
        File.Move(Path.Combine(folder, ".current-new"), Path.Combine(folder, "current"), overwrite: true);

        foreach (var port in ports)
            await WaitUntil(async () =>
            {
                var plan = await http.PostAsync($"http://127.0.0.1:{port}/v1/plans", new StringContent(PlanRequests.Valid, Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, plan.StatusCode); // no request fails during the swap
                return plan.Headers.GetValues("X-Model-Version").Single() == fresh;
            });
    }

    private Process Start(int port, string postgres)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RepaymentScoring.Api.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["Api__ModelsFolder"] = _models.Models;
        start.Environment["Api__ReloadPollSeconds"] = "1";
        start.Environment["ConnectionStrings__Store"] = postgres;
        start.Environment["Auth__Keys__0__Name"] = "scorer";
        start.Environment["Auth__Keys__0__Hash"] = Auth.ApiKeys.Hash(ApiFactory.ScorerKey);
        start.Environment["Auth__Keys__0__Role"] = "scorer";
        start.Environment["Audit__LogSecret"] = "replicas-share-one-secret-of-32-characters-or-more";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<HttpResponseMessage> Get(HttpClient http, int port, string path)
    {
        try
        {
            return await http.GetAsync($"http://127.0.0.1:{port}{path}");
        }
        catch (HttpRequestException)
        {
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        }
    }

    private static async Task WaitUntil(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the replicas did not get there within 30 s");
            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        foreach (var p in _replicas)
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.WaitForExit(5000);
            p.Dispose();
        }
        _models.Dispose();
    }
}
