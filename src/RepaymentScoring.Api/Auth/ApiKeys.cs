using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace RepaymentScoring.Api.Auth;

/// <summary>A configured key: its SHA-256 (hex), never the key itself, and its role (<c>scorer</c>, <c>analyst</c> or <c>admin</c>).</summary>
public sealed class ApiKeyEntry
{
    public string Name { get; set; } = "";
    public string Hash { get; set; } = "";
    public string Role { get; set; } = ApiKeys.ScorerRole;
}

public sealed class ApiKeyOptions : AuthenticationSchemeOptions
{
    public List<ApiKeyEntry> Keys { get; set; } = [];
}

/// <summary>API keys in the <c>X-Api-Key</c> header, checked against configured hashes (section <c>Auth</c>).</summary>
public static class ApiKeys
{
    public const string Scheme = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string ScorerRole = "scorer";
    public const string AdminRole = "admin";
    /// <summary>Reads stored runs and their portfolio queries; cannot plan single accounts.</summary>
    public const string AnalystRole = "analyst";
    public const string ScorerPolicy = "scorer";
    public const string AdminPolicy = "admin";
    public const string AnalystPolicy = "analyst";

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The configured entry of <paramref name="key"/>, or null; hashes are compared in constant time, so response times do not tell how much of one matched.</summary>
    public static ApiKeyEntry? Find(IEnumerable<ApiKeyEntry> keys, string key)
    {
        var hash = Encoding.ASCII.GetBytes(Hash(key));
        return keys.FirstOrDefault(k => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(k.Hash.ToLowerInvariant()), hash));
    }

    public static ClaimsPrincipal Principal(ApiKeyEntry entry, string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, entry.Name), new Claim(ClaimTypes.Role, entry.Role)], scheme));
}

internal sealed class ApiKeyHandler(IOptionsMonitor<ApiKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ApiKeyOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeys.Header, out var values) || string.IsNullOrEmpty(values.ToString()))
            return Task.FromResult(AuthenticateResult.NoResult());
        if (ApiKeys.Find(Options.Keys, values.ToString()) is not { } entry)
            return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(ApiKeys.Principal(entry, ApiKeys.Scheme), ApiKeys.Scheme)));
    }
}
