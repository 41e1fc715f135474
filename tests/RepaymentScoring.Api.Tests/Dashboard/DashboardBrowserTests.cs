using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using RepaymentScoring.Api.Tests.Runs;
using RepaymentScoring.Tests.Shared;

namespace RepaymentScoring.Api.Tests.Dashboard;

/// <summary>
/// The dashboard in headless Chromium against the service on a real port: sign in with an analyst
/// key, pick a run, filter, and find on the page what the API's summary says; a screenshot goes to artifacts/.
/// </summary>
public sealed class DashboardBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly ApiFactory _factory = new();
    private readonly string _store;

    public DashboardBrowserTests() => _store = StoredRunFixture.Create(_factory.Models, "dashboard.db");

    [SkippableFact]
    public async Task An_analyst_signs_in_picks_a_run_filters_and_sees_what_the_api_summary_says()
    {
        Skip.IfNot(File.Exists(Chromium) && File.Exists("/usr/bin/chromedriver"), "chromium and chromium-driver are not installed: the README's test command installs them.");
        using var served = _factory.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:Store", _store));
        served.UseKestrel(0);
        served.StartServer();
        using var http = served.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", ApiFactory.AnalystKey);
        var late = await http.GetFromJsonAsync<JsonElement>($"/v1/runs/{StoredRunFixture.RunId}/summary?stage=late&risk_tier=high");
        var expected = late.GetProperty("groups")[0].GetProperty("plans").GetInt32();
        var baseUrl = http.BaseAddress!.ToString().TrimEnd('/');

        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1800");
        using var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        using var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(20));

        driver.Navigate().GoToUrl($"{baseUrl}/dashboard");
        wait.Until(d => d.FindElement(By.Id("sign-in-panel")).Displayed);
        driver.FindElement(By.Id("key")).SendKeys("not-a-key");
        driver.FindElement(By.Id("sign-in")).Click();
        wait.Until(d => d.FindElement(By.Id("sign-in-error")).Text.Length > 0);
        driver.FindElement(By.Id("key")).SendKeys(ApiFactory.AnalystKey);
        driver.FindElement(By.Id("sign-in")).Click();
        wait.Until(d => d.FindElement(By.Id("dashboard")).Displayed && d.FindElement(By.Id("plan-count")).Text != "-");
        Assert.Equal(StoredRunFixture.Accounts.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), driver.FindElement(By.Id("plan-count")).Text);
        Assert.Equal(StoredRunFixture.RunId, driver.FindElement(By.CssSelector("#run option:checked")).GetDomProperty("value"));

        driver.FindElement(By.CssSelector("#stage option[value='late']")).Click();
        driver.FindElement(By.CssSelector("#risk option[value='high']")).Click();
        driver.FindElement(By.Id("apply")).Click();
        wait.Until(d => d.FindElement(By.Id("plan-count")).Text == expected.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        foreach (var chart in new[] { "chart-channel", "chart-stage", "chart-value", "chart-propensity" })
            Assert.NotEmpty(driver.FindElement(By.Id(chart)).FindElements(By.TagName("rect")));
        var rows = driver.FindElements(By.CssSelector("#plans tbody tr"));
        Assert.Equal(Math.Min(50, expected), rows.Count);
        Assert.All(rows, r => Assert.DoesNotContain("NaN", r.Text, StringComparison.Ordinal));

        driver.FindElement(By.Id("cap-phone")).SendKeys("100");
        driver.FindElement(By.Id("run-whatif")).Click();
        wait.Until(d => d.FindElement(By.Id("whatif-result")).Text.Contains("the limits cost", StringComparison.Ordinal));
        Assert.DoesNotContain(ApiFactory.AnalystKey, driver.Url, StringComparison.Ordinal);

        var folder = Path.Combine(RepositoryRoot.Path, "artifacts", "dashboard");
        Directory.CreateDirectory(folder);
        ((ITakesScreenshot)driver).GetScreenshot().SaveAsFile(Path.Combine(folder, "dashboard.png"));
        Assert.True(new FileInfo(Path.Combine(folder, "dashboard.png")).Length > 10_000);
    }

    public void Dispose() => _factory.Dispose();
}
