using RepaymentScoring.Api.Models;

namespace RepaymentScoring.Api.Infrastructure;

internal static class ModelVersionHeader
{
    public const string Name = "X-Model-Version";

    /// <summary>Every response names the model version served when it was produced.</summary>
    public static IApplicationBuilder UseModelVersionHeader(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var version = context.RequestServices.GetRequiredService<ModelProvider>().Current?.Version;
        context.Response.OnStarting(() =>
        {
            if (version is not null) context.Response.Headers[Name] = version;
            return Task.CompletedTask;
        });
        await next(context);
    });
}
