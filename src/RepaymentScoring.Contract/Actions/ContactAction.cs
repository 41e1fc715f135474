using RepaymentScoring.Contract.Channels;

namespace RepaymentScoring.Contract.Actions;

/// <summary>
/// What a strategy decides for an account (DESIGN.md, Learning): a channel, how often to use it and
/// at which local hour, or <see cref="Wait"/>.
/// </summary>
public readonly record struct ContactAction(string Channel, int CadenceDays, int Hour)
{
    public static readonly IReadOnlyList<int> Cadences = [1, 2, 3, 7, 14, 30];

    public static ContactAction Wait { get; } = new(ChannelCatalog.NoContact, 0, 0);

    public bool IsWait => Channel == ChannelCatalog.NoContact;

    /// <summary>Contacts this action makes over the next 7 days: ceil(7 / cadence), one for cadences of a week or more.</summary>
    public int ContactsPerWeek => IsWait ? 0 : (7 + CadenceDays - 1) / CadenceDays;

    /// <summary>
    /// The response model's intensity: contacts of this channel in the trailing 7 days counting this one,
    /// for a planned cadence the larger of history + 1 and ceil(7 / cadence).
    /// </summary>
    public int Intensity(int sameChannelContactsLast7Days) => IsWait ? 0 : Math.Max(sameChannelContactsLast7Days + 1, ContactsPerWeek);

    /// <summary><c>channel/Nd@HH</c>, or <c>none</c>; a default value (no channel) prints as <c>/0d@00</c>.</summary>
    public override string ToString()
    {
        Span<char> text = stackalloc char[(Channel?.Length ?? 0) + 32];
        return new string(text[..FormatText(text)]);
    }

    /// <summary>
    /// Orders actions as their texts compare ordinally, without making the texts (a plan ranks its
    /// candidates by value and breaks the frequent ties, cadences valued alike, by this order).
    /// </summary>
    public static int CompareText(ContactAction a, ContactAction b)
    {
        Span<char> x = stackalloc char[(a.Channel?.Length ?? 0) + 32];
        Span<char> y = stackalloc char[(b.Channel?.Length ?? 0) + 32];
        return x[..a.FormatText(x)].SequenceCompareTo(y[..b.FormatText(y)]);
    }

    /// <summary>Writes <c>channel/Nd@HH</c> (or <c>none</c>) and returns its length.</summary>
    private int FormatText(Span<char> destination)
    {
        if (IsWait)
        {
            ChannelCatalog.NoContact.CopyTo(destination);
            return ChannelCatalog.NoContact.Length;
        }
        // Invariant: ties in a plan's ranking are broken by this text, which must not vary with the machine.
        destination.TryWrite(System.Globalization.CultureInfo.InvariantCulture, $"{Channel}/{CadenceDays}d@{Hour:00}", out var written);
        return written;
    }
}
