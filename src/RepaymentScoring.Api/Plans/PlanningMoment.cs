namespace RepaymentScoring.Api.Plans;

/// <summary>
/// The planning moment's name in bodies and query strings, <c>as_of</c> (the CLI's <c>--as-of</c>);
/// <c>at</c>, its former name, is still read for one release, and an answer to a request that used
/// it carries a <c>Deprecation</c> header and a warning naming the new name.
/// </summary>
internal static class PlanningMoment
{
    public const string Name = "as_of";
    public const string DeprecatedName = "at";

    public static void MarkDeprecated(HttpResponse response)
    {
        response.Headers["Deprecation"] = "true";
        response.Headers.Warning = $"299 - \"'{DeprecatedName}' is deprecated; use '{Name}'\"";
    }
}
