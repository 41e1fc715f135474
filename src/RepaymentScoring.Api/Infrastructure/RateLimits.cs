using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace RepaymentScoring.Api.Infrastructure;

/// <summary>A token bucket per API key (section <c>RateLimit</c>); over it, 429 with Retry-After as a problem response.</summary>
internal static class RateLimits
{
    public const string PerKey = "per-key";

    public static IServiceCollection AddPerKeyRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var permits = configuration.GetValue("RateLimit:PermitsPerSecond", 10_000);
        var burst = configuration.GetValue("RateLimit:Burst", 20_000);
        if (permits < 1 || burst < 1)
            throw new ArgumentException($"RateLimit:PermitsPerSecond and RateLimit:Burst must be at least 1 (were {permits}, {burst}).");
        return services.AddRateLimiter(options =>
        {
            options.AddPolicy(PerKey, context => RateLimitPartition.GetTokenBucketLimiter(
                context.User.FindFirstValue(ClaimTypes.Name) ?? "anonymous",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = burst, TokensPerPeriod = permits, ReplenishmentPeriod = TimeSpan.FromSeconds(1), QueueLimit = 0, AutoReplenishment = true,
                }));
            options.OnRejected = async (context, cancel) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)) : 1;
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = $"Retry after {seconds} s." },
                });
            };
        });
    }
}
