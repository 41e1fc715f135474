using Microsoft.Extensions.Options;
using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Planning;

namespace RepaymentScoring.Api.Infrastructure;

/// <summary>
/// The settings sections the service reads, bound by name and validated at start: a wrong value stops
/// the service with a message naming the setting (<c>Channels</c>, <c>Compliance</c>, <c>Planning</c>, <c>Api</c>).
/// </summary>
internal static class SettingsValidation
{
    public static IServiceCollection AddValidatedSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(_ => PlanningConfiguration.Channels(configuration));
        services.AddOptions<ComplianceSettings>().BindConfiguration("Compliance").ValidateOnStart();
        services.AddSingleton<IValidateOptions<ComplianceSettings>>(new ThrowingValidation<ComplianceSettings>(s => s.Validate()));
        services.AddOptions<PlanningOptions>().BindConfiguration("Planning").ValidateOnStart();
        services.AddSingleton<IValidateOptions<PlanningOptions>>(s => new ThrowingValidation<PlanningOptions>(o => o.Validate(s.GetRequiredService<ChannelCatalog>())));
        services.AddSingleton(s => new ComplianceRules(s.GetRequiredService<IOptions<ComplianceSettings>>().Value, s.GetRequiredService<ChannelCatalog>()));
        services.AddSingleton(s => s.GetRequiredService<IOptions<PlanningOptions>>().Value);
        services.AddOptions<ApiOptions>().BindConfiguration("Api")
            .Validate(o => o.MaxBodyBytes > 0, "Api:MaxBodyBytes must be above 0.")
            .Validate(o => o.MaxBatch > 0, "Api:MaxBatch must be above 0.")
            .Validate(o => o.ReloadPollSeconds > 0, "Api:ReloadPollSeconds must be above 0.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ModelsFolder) && !string.IsNullOrWhiteSpace(o.ModelName), "Api:ModelsFolder and Api:ModelName must be set.")
            .ValidateOnStart();
        return services;
    }

    /// <summary>Runs a settings type's own check, which throws naming the setting, as an options validation.</summary>
    private sealed class ThrowingValidation<T>(Action<T> validate) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            try
            {
                validate(options);
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException e)
            {
                return ValidateOptionsResult.Fail(e.Message);
            }
        }
    }
}
