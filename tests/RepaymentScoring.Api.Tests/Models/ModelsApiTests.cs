using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RepaymentScoring.Models.Registry;

namespace RepaymentScoring.Api.Tests.Models;

public sealed class ModelsApiTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    [Fact]
    public async Task Models_need_the_admin_role_and_readiness_reports_the_served_version()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await _factory.Client(ApiFactory.ScorerKey).GetAsync("/v1/models/current")).StatusCode);
        var current = await _factory.Client(ApiFactory.AdminKey).GetFromJsonAsync<JsonElement>("/v1/models/current");
        var ready = await _factory.Client(null).GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal(current.GetProperty("version").GetString(), ready.GetProperty("model_version").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _factory.Client(null).GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_new_version_is_served_after_reload_and_a_corrupt_one_is_refused_while_the_old_keeps_serving()
    {
        var admin = _factory.Client(ApiFactory.AdminKey);
        var before = (await admin.GetFromJsonAsync<JsonElement>("/v1/models/current")).GetProperty("version").GetString()!;
        var folder = Path.Combine(_factory.Models, "default");

        // A copy of the served version under a new name, published the registry's way (rename, then current).
        var fresh = "20991231T000000Z-" + before[^8..];
        CopyDirectory(Path.Combine(folder, before), Path.Combine(folder, fresh));
        var manifest = Path.Combine(folder, fresh, "manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(before, fresh, StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(folder, "current"), fresh);
        var reloaded = await admin.PostAsync("/v1/models/reload", null);
        Assert.Equal(HttpStatusCode.OK, reloaded.StatusCode);
        var plan = await _factory.Client(ApiFactory.ScorerKey).PostAsync("/v1/plans", new StringContent(PlanRequests.Valid, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(fresh, plan.Headers.GetValues("X-Model-Version").Single());

        var corrupt = "20991231T000001Z-" + before[^8..];
        CopyDirectory(Path.Combine(folder, before), Path.Combine(folder, corrupt));
        File.WriteAllText(Path.Combine(folder, corrupt, RepaymentScoring.Models.Registry.ModelRegistry.ResponseFile), "{ not a model");
        File.WriteAllText(Path.Combine(folder, "current"), corrupt);
        var refused = await admin.PostAsync("/v1/models/reload", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(fresh, (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("serving").GetString());
        var still = await _factory.Client(ApiFactory.ScorerKey).PostAsync("/v1/plans", new StringContent(PlanRequests.Valid, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
        Assert.Equal(fresh, still.Headers.GetValues("X-Model-Version").Single());

        // A manifest without its feature columns is refused the same way, not a crash.
        var featureless = "20991231T000002Z-" + before[^8..];
        CopyDirectory(Path.Combine(folder, before), Path.Combine(folder, featureless));
        var featurelessManifest = Path.Combine(folder, featureless, "manifest.json");
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(featurelessManifest))!;
        node["features"] = null;
        File.WriteAllText(featurelessManifest, node.ToJsonString());
        File.WriteAllText(Path.Combine(folder, "current"), featureless);
        var refusedAgain = await admin.PostAsync("/v1/models/reload", null);
        Assert.Equal(HttpStatusCode.Conflict, refusedAgain.StatusCode);
        Assert.Equal(fresh, (await refusedAgain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("serving").GetString());
    }

    [Fact]
    public async Task A_service_started_on_a_version_that_cannot_load_stays_up_not_ready_and_serves_once_current_names_a_good_one()
    {
        var folder = Path.Combine(_factory.Models, "default");
        var good = File.ReadAllText(Path.Combine(folder, "current")).Trim();
        var broken = "20991231T000005Z-" + good[^8..];
        CopyDirectory(Path.Combine(folder, good), Path.Combine(folder, broken));
        var manifest = Path.Combine(folder, broken, "manifest.json");
        var node = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))!;
        node["features"] = null;
        File.WriteAllText(manifest, node.ToJsonString());
        File.WriteAllText(Path.Combine(folder, "current"), broken);

        var client = _factory.Client(null); // the service starts here, on the broken version
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var notReady = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains(broken, (await notReady.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());

        File.WriteAllText(Path.Combine(folder, "current"), good); // the watcher polls every second
        var deadline = DateTime.UtcNow.AddSeconds(20);
        HttpResponseMessage ready;
        do
        {
            await Task.Delay(250);
            ready = await client.GetAsync("/health/ready");
        }
        while (ready.StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(good, (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model_version").GetString());
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose() => _factory.Dispose();
}
