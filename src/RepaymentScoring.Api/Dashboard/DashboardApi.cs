using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using RepaymentScoring.Api.Auth;
using RepaymentScoring.Api.Infrastructure;

namespace RepaymentScoring.Api.Dashboard;

/// <summary>
/// The strategy teams' page at <c>/dashboard</c>: static files shipped inside this assembly (no CDN, no
/// framework), and a sign-in that trades an analyst (or admin) key, sent once in a POST body, for an
/// HttpOnly, SameSite=Strict session cookie; the key never travels in a URL and never reaches a log.
/// </summary>
internal static class DashboardApi
{
    public const string Scheme = "DashboardSession";
    private const string ContentSecurity = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'";

    private static readonly Dictionary<string, (string Resource, string Type)> Files = new(StringComparer.Ordinal)
    {
        [""] = ("dashboard.html", "text/html; charset=utf-8"),
        ["app.js"] = ("dashboard.js", "text/javascript; charset=utf-8"),
        ["app.css"] = ("dashboard.css", "text/css; charset=utf-8"),
    };

    public static AuthenticationBuilder AddDashboardSessions(this AuthenticationBuilder authentication) =>
        authentication.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "repay_dashboard";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // An API answers 401 and 403; it never redirects to a login page.
            o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
        });

    public static RouteGroupBuilder MapDashboard(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/dashboard").WithTags("Dashboard").AllowAnonymous().ExcludeFromDescription();
        group.MapGet("/", (HttpContext c) => File(c, "")).WithName("Dashboard");
        group.MapGet("/{file}", (string file, HttpContext c) => File(c, file));
        group.MapPost("/session", SignIn).RequireRateLimiting(RateLimits.PerKey);
        group.MapPost("/session/end", async (HttpContext c) =>
        {
            await c.SignOutAsync(Scheme);
            return TypedResults.NoContent();
        });
        return group;
    }

    private static IResult File(HttpContext context, string name)
    {
        if (!Files.TryGetValue(name, out var file)) return TypedResults.Problem($"No dashboard file '{(name.Length <= 40 ? name : name[..40])}'.", statusCode: StatusCodes.Status404NotFound);
        context.Response.Headers.ContentSecurityPolicy = ContentSecurity;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"RepaymentScoring.Api.Dashboard.{file.Resource}")!;
        using var reader = new StreamReader(stream);
        return TypedResults.Text(reader.ReadToEnd(), file.Type);
    }

    /// <summary>Body <c>{"key": "..."}</c>: an analyst or admin key starts a session; anything else is a 401.</summary>
    private static async Task<IResult> SignIn(HttpContext context, IOptionsMonitor<ApiKeyOptions> keys, IOptions<ApiOptions> options)
    {
        var body = await JsonBody.ReadAsync(context.Request, options.Value.MaxBodyBytes, context.RequestAborted);
        if (body.Problem is { } problem) return problem;
        if (body.Json.ValueKind != JsonValueKind.Object || !body.Json.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String
            || key.GetString() is not { Length: > 0 } text)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["key"] = ["required: the analyst key"] });
        var entry = ApiKeys.Find(keys.Get(ApiKeys.Scheme).Keys, text);
        if (entry is null || entry.Role is not (ApiKeys.AnalystRole or ApiKeys.AdminRole))
            return TypedResults.Problem("Not an analyst key.", statusCode: StatusCodes.Status401Unauthorized);
        await context.SignInAsync(Scheme, ApiKeys.Principal(entry, Scheme));
        return TypedResults.NoContent();
    }
}
