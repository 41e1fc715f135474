using Microsoft.AspNetCore.Hosting;

namespace RepaymentScoring.Api.Tests.Infrastructure;

/// <summary>Settings are bound by name and validated at start: a wrong value stops the service with a message naming the setting.</summary>
public sealed class SettingsValidationTests : IDisposable
{
    private readonly ApiFactory _factory = new();

    [Theory]
    [InlineData("Planning:FirstHour", "25")]
    [InlineData("Planning:ExplorationRate", "1.5")]
    [InlineData("Planning:FirstHour", "nine")]
    [InlineData("Planning:Reasons", "shapley")]
    [InlineData("Planning:ChannelCosts:pigeon", "1")]
    [InlineData("Compliance:Profile", "eu-gdpr")]
    [InlineData("Compliance:LateDpd", "3")]
    [InlineData("Channels:whatsapp", "Telepathy")]
    [InlineData("Api:MaxBatch", "0")]
    public void A_wrong_value_stops_the_service_at_start_naming_the_setting(string setting, string value)
    {
        var host = _factory.WithWebHostBuilder(b => b.UseSetting(setting, value));

        var error = Record.Exception(() => host.CreateClient());

        Assert.NotNull(error);
        var messages = string.Join(" | ", Chain(error));
        Assert.Contains(setting.Split(':')[0] + ":" + setting.Split(':')[1], messages, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_settings_start_the_service_with_those_values()
    {
        var host = _factory.WithWebHostBuilder(b => b.UseSetting("Planning:FirstHour", "9").UseSetting("Compliance:LateDpd", "60"));
        host.CreateClient();
        var services = host.Services;

        Assert.Equal(9, ((Planning.PlanningOptions)services.GetService(typeof(Planning.PlanningOptions))!).FirstHour);
        Assert.Equal(60, ((Compliance.ComplianceRules)services.GetService(typeof(Compliance.ComplianceRules))!).Settings.LateDpd);
    }

    private static IEnumerable<string> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException) yield return e.Message;
    }

    public void Dispose() => _factory.Dispose();
}
