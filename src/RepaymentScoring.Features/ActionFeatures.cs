using RepaymentScoring.Contract.Actions;

namespace RepaymentScoring.Features;

/// <summary>
/// What the response model sees of an action (DESIGN.md, Learning): the channel, its intensity
/// (contacts of that channel in the trailing 7 days counting this one) and the local hour.
/// </summary>
public readonly record struct ActionFeatures(string Channel, int Intensity, int? LocalHour)
{
    public static ActionFeatures Wait { get; } = new("none", 0, null);

    /// <summary>A planned action: intensity is the larger of history + 1 and ceil(7 / cadence).</summary>
    public static ActionFeatures Planned(ContactAction action, int sameChannelContactsLast7Days) =>
        action.IsWait ? Wait : new(action.Channel, action.Intensity(sameChannelContactsLast7Days), action.Hour);
}
