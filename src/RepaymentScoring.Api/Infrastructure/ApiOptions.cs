namespace RepaymentScoring.Api.Infrastructure;

/// <summary>The service's own settings (configuration section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>The model registry folder and the model name whose <c>current</c> version is served.</summary>
    public string ModelsFolder { get; set; } = "models";
    public string ModelName { get; set; } = "default";

    /// <summary>How often <c>models/&lt;name&gt;/current</c> is checked for a new version.</summary>
    public int ReloadPollSeconds { get; set; } = 2;

    /// <summary>Most accounts one batch request may plan.</summary>
    public int MaxBatch { get; set; } = 1000;

    /// <summary>Largest request body, in bytes.</summary>
    public long MaxBodyBytes { get; set; } = 1_000_000;

    /// <summary>
    /// Kestrel's own limit: above <see cref="MaxBodyBytes"/>, so a body somewhat over the limit is read
    /// to its end and answered with a 413 the client receives; only a far larger one closes the connection.
    /// </summary>
    public static long ConnectionBodyLimit(ApiOptions options) => options.MaxBodyBytes * 4;
}
