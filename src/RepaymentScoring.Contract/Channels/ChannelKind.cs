namespace RepaymentScoring.Contract.Channels;

/// <summary>What a channel counts as under the compliance rules (DOMAIN.md).</summary>
public enum ChannelKind
{
    /// <summary>The deliberate decision not to contact.</summary>
    None,
    /// <summary>Phone and voice robots: call caps and the conversation rule apply.</summary>
    Call,
    /// <summary>SMS, e-mail, app push: consent and opt-out apply.</summary>
    ElectronicMessage,
    /// <summary>Letters: monthly cap; no contact-hour rule.</summary>
    Mail,
    /// <summary>Field visits: only late in delinquency.</summary>
    Visit,
}
