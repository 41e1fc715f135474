using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Simulation.Customers;

namespace RepaymentScoring.Simulation.Engine;

/// <summary>An installment that fell due on simulation day <see cref="DueDay"/> and is not fully paid.</summary>
internal sealed record UnpaidInstallment(int DueDay, decimal Remaining);

/// <summary>
/// A decision in force for seven days from <see cref="Start"/>: its payment intensity is fixed when it
/// is taken, so the true 7-day probability of the logged decision is exact.
/// </summary>
internal sealed class DecisionWindow
{
    public required DateTimeOffset Start { get; init; }
    public required ContactAction Action { get; init; }
    /// <summary>Expected qualifying payments over the 7 days (Λ); P(payment) = 1 - exp(-Λ).</summary>
    public required double Intensity { get; init; }
    public required double TreatmentProbability { get; init; }
    public required string Strategy { get; init; }
    public required List<DateTimeOffset> PlannedContacts { get; init; }
    public DateTimeOffset End => Start.AddDays(7);
    public DateTimeOffset? PaymentAt { get; set; }
    public bool Paid { get; set; }
    public int NextContact { get; set; }
    public bool Stopped { get; set; }
    /// <summary>A logged wait whose row (and truth) is written when the window first runs.</summary>
    public bool PendingTruth { get; set; }
    /// <summary>The decision's first contact was forbidden when it was taken (a violation; nothing is sent).</summary>
    public bool Forbidden { get; set; }
    /// <summary>How far the truth replay has summed this window's payment rate.</summary>
    public DateTimeOffset? HazardCursor { get; set; }
}

/// <summary>Everything that changes about one simulated account as days pass.</summary>
public sealed class AccountState
{
    internal AccountState(int index, CustomerProfile customer)
    {
        Index = index;
        Customer = customer;
        Account = customer.Account;
    }

    public int Index { get; }
    public CustomerProfile Customer { get; }
    /// <summary>The account's contract row, with opt-outs added as they happen.</summary>
    public Account Account { get; internal set; }
    public decimal Balance { get; internal set; }
    internal List<UnpaidInstallment> Unpaid { get; private set; } = [];
    internal int NextDueDay { get; set; }
    internal int HardshipUntilDay { get; set; } = -1;
    public DateOnly? PromiseUntil { get; internal set; }
    internal bool PromiseOpen { get; set; }
    public string LegalStatus { get; internal set; } = LegalStatuses.None;
    public bool CeaseContact { get; internal set; }
    /// <summary>Contacts of the last 35 days (enough for every rule and intensity), oldest first.</summary>
    internal List<PastContact> Recent { get; private set; } = [];
    internal List<int> ComplaintDays { get; private set; } = [];
    internal int BrokenPromises { get; set; }
    internal DecisionWindow? Window { get; set; }
    internal DateTimeOffset ReviewNotBefore { get; set; } = DateTimeOffset.MinValue;
    internal decimal DueAtLastSnapshot { get; set; }
    internal int ContactSequence { get; set; }
    internal int PaymentSequence { get; set; }
    public AccountSnapshot? LastSnapshot { get; internal set; }

    public decimal AmountDue => Unpaid.Sum(u => u.Remaining);

    public int DaysPastDue(int day) => Unpaid.Count == 0 ? 0 : Math.Max(0, day - Unpaid[0].DueDay);

    public bool InHardship(int day) => day < HardshipUntilDay;

    internal int ComplaintsWithin(int day, int days) => ComplaintDays.Count(d => day - d < days);

    internal int SameChannelContacts(string channel, DateTimeOffset before, TimeSpan span)
    {
        var n = 0;
        foreach (var c in Recent)
            if (c.Channel == channel && c.At < before && before - c.At < span) n++;
        return n;
    }

    /// <summary>The account as a snapshot row would show it at the start of <paramref name="date"/> (day index <paramref name="day"/>).</summary>
    public AccountSnapshot SnapshotAt(int day, DateOnly date) => new(
        Account.AccountId, date, DaysPastDue(day), AmountDue, Balance, InHardship(day), PromiseUntil, LegalStatus, CeaseContact);

    internal AccountState Clone()
    {
        var copy = (AccountState)MemberwiseClone();
        copy.Unpaid = [.. Unpaid];
        copy.Recent = [.. Recent];
        copy.ComplaintDays = [.. ComplaintDays];
        if (Window is { } w)
            copy.Window = new DecisionWindow
            {
                Start = w.Start, Action = w.Action, Intensity = w.Intensity, TreatmentProbability = w.TreatmentProbability,
                Strategy = w.Strategy, PlannedContacts = w.PlannedContacts, PaymentAt = w.PaymentAt, Paid = w.Paid,
                NextContact = w.NextContact, Stopped = w.Stopped, PendingTruth = false, HazardCursor = w.HazardCursor,
            };
        return copy;
    }
}
