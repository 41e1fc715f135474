using System.Text.Json;
using RepaymentScoring.Api.Accounts;
using RepaymentScoring.Api.Audit;
using RepaymentScoring.Api.Auth;
using RepaymentScoring.Api.Dashboard;
using RepaymentScoring.Api.Health;
using RepaymentScoring.Api.Infrastructure;
using RepaymentScoring.Api.Models;
using RepaymentScoring.Api.Plans;
using RepaymentScoring.Api.Runs;

var builder = WebApplication.CreateBuilder(args);

// Settings: bound by name and validated at start; a wrong value stops the service, naming the setting.
builder.Services.AddValidatedSettings(builder.Configuration);
builder.WebHost.ConfigureKestrel((context, kestrel) =>
    kestrel.Limits.MaxRequestBodySize = ApiOptions.ConnectionBodyLimit(context.Configuration.GetSection("Api").Get<ApiOptions>() ?? new()));

// Models: loaded at start, swapped when the registry's current version changes.
builder.Services.AddSingleton<ModelProvider>().AddHostedService<ModelWatcher>();

// The store, for the account endpoints only (plans from a body work without it).
builder.Services.AddSingleton<StoreAccess>();
builder.Services.AddOptions<AuditOptions>().BindConfiguration("Audit")
    .Validate(o => builder.Environment.IsDevelopment() || o.LogSecret.Length >= AuditOptions.MinLogSecretLength,
        $"Audit:LogSecret must be set to a secret of at least {AuditOptions.MinLogSecretLength} characters outside Development: it keys the hashes that stand for account ids in logs (replicas share one).")
    .ValidateOnStart();
builder.Services.AddSingleton<AuditTrail>().AddHostedService(s => s.GetRequiredService<AuditTrail>());

// API keys and roles.
builder.Services.AddAuthentication(ApiKeys.Scheme)
    .AddScheme<ApiKeyOptions, ApiKeyHandler>(ApiKeys.Scheme, o => builder.Configuration.GetSection("Auth").Bind(o))
    .AddDashboardSessions();
builder.Services.AddPerKeyRateLimits(builder.Configuration);
builder.Services.AddSingleton<ApiMetrics>().AddSingleton<PlanService>();
builder.Services.AddTelemetry(builder.Configuration);
builder.Services.AddAuthorizationBuilder()
    .AddPolicy(ApiKeys.ScorerPolicy, p => p.RequireRole(ApiKeys.ScorerRole, ApiKeys.AdminRole))
    .AddPolicy(ApiKeys.AdminPolicy, p => p.RequireRole(ApiKeys.AdminRole))
    .AddPolicy(ApiKeys.AnalystPolicy, p => p.AddAuthenticationSchemes(ApiKeys.Scheme, DashboardApi.Scheme).RequireRole(ApiKeys.AnalystRole, ApiKeys.AdminRole));

// RFC 7807 everywhere, snake_case JSON, OpenAPI document.
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
    // Numbers are numbers: the document then says "integer", not "integer or string", to generated clients.
    o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
});
builder.Services.AddApiDocument();

// Account ids never reach a log, whatever the logging configuration says.
builder.Services.AddLogRedaction();

var app = builder.Build();
app.Services.GetRequiredService<ModelProvider>().Reload();
app.Services.GetRequiredService<StoreAccess>().MigrateAtStart();

app.Services.GetRequiredService<ApiMetrics>().Measure(app);
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseModelVersionHeader();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapOpenApi();
app.MapHealth();
app.MapPlans();
app.MapAccounts();
app.MapModels();
app.MapRuns();
app.MapDashboard();
app.MapMetricsEndpoint();

app.Run();

public partial class Program;
