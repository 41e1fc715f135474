namespace RepaymentScoring.Simulation.Engine;

/// <summary>
/// What one simulated day brought, as the simulator saw it (not as a policy reports it): collection
/// payments, contacts and their cost, complaints, opt-outs, cures, and decisions the rules forbid.
/// </summary>
public sealed class DayOutcome
{
    public DayOutcome(int day, DateOnly date)
    {
        Day = day;
        Date = date;
    }

    public int Day { get; }
    public DateOnly Date { get; }
    /// <summary>Accounts reviewed (due for a decision) and decisions taken, waits included.</summary>
    public int Reviews { get; internal set; }
    public int Decisions { get; internal set; }
    /// <summary>Payments by accounts with an amount due (regular on-time installments excluded).</summary>
    public decimal Recovered { get; internal set; }
    public decimal ContactCost { get; internal set; }
    public decimal NetRecovery => Recovered - ContactCost;
    public SortedDictionary<string, int> ContactsByChannel { get; } = new(StringComparer.Ordinal);
    public int Contacts => ContactsByChannel.Values.Sum();
    public int Complaints { get; internal set; }
    public int OptOuts { get; internal set; }
    /// <summary>Accounts whose every overdue installment got paid.</summary>
    public int Cures { get; internal set; }
    /// <summary>Decisions whose first contact the profile forbids at its moment (the simulator checks each one itself and does not make it).</summary>
    public int Violations { get; internal set; }
    /// <summary>Planned contacts of allowed decisions that the rules stopped at their moment because the account changed after the decision (a promise, a complaint, an opt-out); not violations.</summary>
    public int BlockedContacts { get; internal set; }

    internal void Contacted(string channel, decimal cost)
    {
        ContactsByChannel[channel] = ContactsByChannel.GetValueOrDefault(channel) + 1;
        ContactCost += cost;
    }
}
