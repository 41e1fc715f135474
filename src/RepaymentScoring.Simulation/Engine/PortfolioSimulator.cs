using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Contract.Time;
using RepaymentScoring.Simulation.Customers;
using RepaymentScoring.Simulation.Policies;
using RepaymentScoring.Simulation.Truth;

namespace RepaymentScoring.Simulation.Engine;

/// <summary>
/// A simulated lender, day by day: customers miss due dates, roll forward, self-cure, pay in part,
/// promise and break promises, fall into hardship, complain and opt out, and answer the contacts a
/// policy chooses. Each account draws from its own random stream, so a seed gives the same bytes.
/// </summary>
public sealed class PortfolioSimulator
{
    private readonly SimulationSettings _settings;
    private readonly ComplianceRules _rules;
    private readonly IContactPolicy _policy;
    private readonly bool _computeTruth;
    private readonly AccountState[] _accounts;
    private readonly SimRandom[] _random;
    private DayOutcome _today = new(-1, default);

    public PortfolioSimulator(SimulationSettings settings, IContactPolicy? policy = null, ComplianceRules? rules = null, bool computeTruth = false)
    {
        _settings = settings.Validate();
        _rules = rules ?? new ComplianceRules(new ComplianceSettings { Profile = settings.ComplianceProfile }, ChannelCatalog.Default);
        _policy = policy ?? LoggingStrategy.ForSettings(settings, _rules.Channels);
        _computeTruth = computeTruth;
        _accounts = new AccountState[settings.Accounts];
        _random = new SimRandom[settings.Accounts];
        for (var i = 0; i < settings.Accounts; i++)
        {
            _random[i] = SimRandom.For(settings.Seed, (ulong)i);
            var customer = CustomerProfile.Create(i, settings, _random[i], out var balance, out var dpd);
            var s = new AccountState(i, customer) { Balance = balance };
            if (dpd > 0)
            {
                for (var due = -dpd; due <= 0; due += 30)
                    s.Unpaid.Add(new UnpaidInstallment(due, Math.Min(customer.Installment, s.Balance - s.AmountDue)));
                s.NextDueDay = s.Unpaid[^1].DueDay + 30;
            }
            else
            {
                s.NextDueDay = _random[i].Next(1, 31);
            }
            _accounts[i] = s;
        }
    }

    public SimulationSettings Settings => _settings;
    public IReadOnlyList<AccountState> Accounts => _accounts;
    public ComplianceRules Rules => _rules;

    /// <summary>The next simulation day to run (0 before the first).</summary>
    public int Day { get; private set; }

    public DateOnly DateOf(int day) => _settings.StartDate.AddDays(day);

    public static IReadOnlyList<string> FeatureColumns => CustomerProfile.FeatureColumns;

    /// <summary>Runs every remaining day.</summary>
    public void Run(ISimulationSink sink, IProgress<int>? daysDone = null)
    {
        while (Day < _settings.Days)
        {
            StepDay(sink);
            daysDone?.Report(Day);
        }
    }

    /// <summary>
    /// Simulates one local day for every account: day start, snapshots, decisions, then the day's
    /// contacts and payments; the accounts are written before the first day. Returns what the day brought.
    /// </summary>
    public DayOutcome StepDay(ISimulationSink sink)
    {
        var day = Day;
        if (day == 0)
            foreach (var s in _accounts) sink.Write(s.Account);
        var outcome = _today = new DayOutcome(day, DateOf(day));
        var reviews = new List<ReviewContext>();
        foreach (var s in _accounts)
            if (BeginDay(s, day, _random[s.Index], sink, emitSnapshot: true) is { } review)
                reviews.Add(review);
        var decisions = _policy.Decide(reviews);
        if (decisions.Count != reviews.Count)
            throw new InvalidOperationException($"The policy answered {decisions.Count} decisions for {reviews.Count} reviews.");
        outcome.Reviews = reviews.Count;
        for (var i = 0; i < reviews.Count; i++)
        {
            if (decisions[i] is not { } decision) continue;
            outcome.Decisions++;
            // Checked here, independently of the policy: a forbidden first contact is counted and never made.
            var forbidden = !reviews[i].IsAllowed(decision.Action);
            if (forbidden) outcome.Violations++;
            StartWindow(reviews[i], decision, _random[reviews[i].State.Index], real: true);
            reviews[i].State.Window!.Forbidden = forbidden;
        }
        foreach (var s in _accounts)
            RunDay(s, day, _random[s.Index], sink, hazard: null);
        Day++;
        return outcome;
    }

    /// <summary>The true P(qualifying payment within 7 days) for an account now, under any action.</summary>
    public double TruePaymentProbability7d(int accountIndex, ContactAction action, DateTimeOffset at) =>
        ResponseTruth.PaymentProbability7d(_accounts[accountIndex], _settings, action, at, Day);

    /// <summary>As <see cref="TruePaymentProbability7d(int, ContactAction, DateTimeOffset)"/>, had the customer answered contacts as <paramref name="respondent"/> does.</summary>
    public double TruePaymentProbability7d(int accountIndex, ContactAction action, DateTimeOffset at, CustomerProfile respondent) =>
        ResponseTruth.PaymentProbability7d(_accounts[accountIndex], _settings, action, at, Day, respondent);

    /// <summary>
    /// The true expected amount a qualifying payment brings now: the whole amount due with the
    /// customer's chance of paying in full, else on average 60% of it (the simulator's payment rule).
    /// </summary>
    public double TrueExpectedRecovery(int accountIndex)
    {
        var s = _accounts[accountIndex];
        var full = 0.3 + 0.5 * s.Customer.Ability;
        return (double)s.AmountDue * (full + (1 - full) * 0.6);
    }

    private ReviewContext? BeginDay(AccountState s, int day, SimRandom r, ISimulationSink? sink, bool emitSnapshot)
    {
        var date = DateOf(day);
        var zone = s.Customer.Zone;
        if (s.Balance <= 0) return null;
        var c = s.Customer;

        if (day == s.NextDueDay)
        {
            var installment = Math.Min(c.Installment, s.Balance - s.AmountDue);
            if (installment > 0)
            {
                var onTime = Math.Clamp(0.8 + 0.15 * c.Ability - (s.InHardship(day) ? 0.35 : 0), 0, 1);
                if (s.Unpaid.Count == 0 && r.Chance(onTime))
                {
                    if (sink is not null)
                        WritePayment(s, LocalDays.At(date, 8, zone).AddMinutes(r.Next(12 * 60)), installment, sink);
                    s.Balance -= installment;
                }
                else
                {
                    s.Unpaid.Add(new UnpaidInstallment(day, installment));
                }
            }
            s.NextDueDay += 30;
        }
        if (!s.InHardship(day) && r.Chance(_settings.HardshipDailyRate * (1.5 - c.Ability)))
            s.HardshipUntilDay = day + 30 + r.Next(90);
        var dpd = s.DaysPastDue(day);
        if (dpd >= _settings.ChargeOffDpd && s.LegalStatus != LegalStatuses.Litigation)
        {
            s.LegalStatus = LegalStatuses.Litigation;
            if (s.Window is { } w) w.Stopped = true;
        }
        else if (dpd > 120 && s.LegalStatus == LegalStatuses.None && r.Chance(_settings.PreLegalDailyRate))
        {
            s.LegalStatus = LegalStatuses.PreLegal;
        }
        if (s.PromiseUntil is { } promise)
        {
            if (s.PromiseOpen && date > promise)
            {
                s.BrokenPromises++;
                s.PromiseOpen = false;
            }
            if (date.DayNumber >= promise.DayNumber + _rules.Settings.PromiseGraceDays)
                s.PromiseUntil = null;
        }

        if (emitSnapshot && IsSnapshotDay(s, day))
        {
            var snapshot = s.SnapshotAt(day, date);
            s.LastSnapshot = snapshot;
            s.DueAtLastSnapshot = snapshot.AmountDue;
            sink?.Write(snapshot);
            if (_computeTruth && _settings.TruthReplicas > 0 && sink is not null && snapshot.AmountDue > 0 && day + 30 <= _settings.Days)
                sink.Write(new SnapshotTruth(s.Account.AccountId, date, RepaymentProbability30d(s, day)));
        }

        var dayEnd = LocalDays.StartOf(date.AddDays(1), zone);
        if (s.Window is { } old && old.End < dayEnd)
        {
            ProcessWindow(s, old, day, old.End, r, sink, hazard: null);
            s.ReviewNotBefore = old.End;
            s.Window = null;
        }
        if (s.Window is not null || s.AmountDue <= 0 || s.CeaseContact || s.LegalStatus == LegalStatuses.Litigation)
            return null;
        var earliest = LocalDays.StartOf(date, zone);
        if (s.ReviewNotBefore > earliest) earliest = s.ReviewNotBefore;
        return new ReviewContext(s, day, date, earliest, _rules, r);
    }

    private bool IsSnapshotDay(AccountState s, int day) =>
        day == 0 || _settings.SnapshotEveryDays == 1 || (day + s.Customer.SnapshotOffset) % _settings.SnapshotEveryDays == 0;

    private void StartWindow(ReviewContext review, PolicyDecision decision, SimRandom r, bool real)
    {
        var s = review.State;
        var action = decision.Action;
        var at = action.IsWait ? review.WaitMoment : review.FirstMomentAt(action.Hour);
        var intensity = ResponseTruth.WeeklyIntensity(s, _settings, action, at, review.Day);
        var planned = new List<DateTimeOffset>();
        if (!action.IsWait)
        {
            var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, s.Customer.Zone).DateTime);
            planned.Add(at);
            for (var i = 1; i < action.ContactsPerWeek; i++)
            {
                var next = LocalDays.At(firstDay.AddDays(i * action.CadenceDays), action.Hour, s.Customer.Zone);
                if (next < at.AddDays(7)) planned.Add(next);
            }
        }
        var window = new DecisionWindow
        {
            Start = at, Action = action, Intensity = intensity, TreatmentProbability = decision.TreatmentProbability,
            Strategy = decision.Strategy, PlannedContacts = planned,
        };
        // Constant rate over the week: the first arrival of a Poisson process with Λ per 7 days.
        var u = r.NextDouble();
        if (real && intensity > 0)
        {
            var days = -Math.Log(1 - u) / intensity * 7;
            if (days < 7) window.PaymentAt = at.AddSeconds(Math.Max(1, Math.Floor(days * 86_400)));
        }
        s.Window = window;
        if (real && action.IsWait)
            window.PendingTruth = true;
    }

    private void RunDay(AccountState s, int day, SimRandom r, ISimulationSink? sink, HazardMeter? hazard)
    {
        if (s.Balance <= 0) return;
        var date = DateOf(day);
        var dayStart = LocalDays.StartOf(date, s.Customer.Zone);
        var dayEnd = LocalDays.StartOf(date.AddDays(1), s.Customer.Zone);
        if (s.Window is { } w)
        {
            ProcessWindow(s, w, day, dayEnd < w.End ? dayEnd : w.End, r, sink, hazard);
            return;
        }
        if (s.AmountDue <= 0) return;
        // No decision in force: the customer pays, or not, at the no-contact rate.
        var from = s.ReviewNotBefore > dayStart ? s.ReviewNotBefore : dayStart;
        if (from >= dayEnd) return;
        var perDay = Math.Exp(ResponseTruth.LogBaseline(s, _settings, day)) / 7;
        if (hazard is not null)
        {
            hazard.Add(perDay / TimeSpan.TicksPerDay, from, dayEnd);
            return;
        }
        var u = r.NextDouble();
        var days = -Math.Log(1 - u) / perDay;
        var at = from.AddSeconds(Math.Ceiling(Math.Min(days, 2) * 86_400));
        if (at < dayEnd && sink is not null)
            Pay(s, at, r, sink);
    }

    /// <summary>Runs a window's contacts and payment up to <paramref name="until"/>.</summary>
    private void ProcessWindow(AccountState s, DecisionWindow w, int day, DateTimeOffset until, SimRandom r, ISimulationSink? sink, HazardMeter? hazard)
    {
        if (hazard is not null && !w.Paid)
            hazard.Add(w.Intensity / 7 / TimeSpan.TicksPerDay, w.HazardCursor ?? w.Start, until);
        w.HazardCursor = until;
        if (w.PendingTruth && sink is not null)
        {
            var id = NextContactId(s);
            sink.Write(new Contact(id, s.Account.AccountId, w.Start, ChannelCatalog.NoContact, "none", 0m, w.TreatmentProbability, w.Strategy));
            WriteTruth(s, w, id, day, sink);
            w.PendingTruth = false;
        }
        while (true)
        {
            var nextContact = !w.Stopped && w.NextContact < w.PlannedContacts.Count ? w.PlannedContacts[w.NextContact] : DateTimeOffset.MaxValue;
            var payment = hazard is null && !w.Paid && w.PaymentAt is { } p ? p : DateTimeOffset.MaxValue;
            if (nextContact >= until && payment >= until) return;
            if (payment <= nextContact)
            {
                w.Paid = true;
                w.Stopped = true;
                if (sink is not null) Pay(s, payment, r, sink);
            }
            else
            {
                w.NextContact++;
                MakeContact(s, w, nextContact, day, r, sink, firstOfWindow: w.NextContact == 1);
            }
        }
    }

    private void MakeContact(AccountState s, DecisionWindow w, DateTimeOffset at, int day, SimRandom r, ISimulationSink? sink, bool firstOfWindow)
    {
        var channel = w.Action.Channel;
        var eventDay = day + (int)Math.Floor((at - LocalDays.StartOf(DateOf(day), s.Customer.Zone)).TotalDays);
        var context = new ContactContext(s.Account, s.Customer.Zone, s.SnapshotAt(eventDay, DateOf(eventDay)), s.Recent);
        if (!_rules.IsAllowed(context, channel, at))
        {
            if (sink is not null && !w.Forbidden) _today.BlockedContacts++;
            return;
        }
        var kind = _rules.Channels.Get(channel).Kind;
        var intensity = s.SameChannelContacts(channel, at, TimeSpan.FromDays(7)) + 1;
        var willPay = sink is not null && w.PaymentAt is { } p && !w.Paid && p > at;
        var hardship = s.InHardship(eventDay);
        string outcome;
        if (kind != ChannelKind.Mail && r.Chance(ResponseTruth.ComplaintChance(kind, intensity, hardship)))
            outcome = "complaint";
        else if (kind == ChannelKind.ElectronicMessage)
            outcome = r.Chance(ResponseTruth.OptOutChance(intensity)) ? "opt_out"
                : r.Chance(0.03) ? "failed"
                : r.Chance(willPay ? 0.25 : 0.02) ? "replied"
                : r.Chance(0.2 + 0.5 * s.Customer.Digital) ? "opened" : "delivered";
        else if (kind == ChannelKind.Mail)
            outcome = r.Chance(0.04) ? "returned" : "sent";
        else
        {
            var reach = (kind == ChannelKind.Visit ? 0.6 : 0.45) * ResponseTruth.HourFit(s.Customer.PeakHour, w.Action.Hour, 1.0);
            outcome = !r.Chance(reach) ? "no_answer"
                : r.Chance(0.08) ? "wrong_party"
                : r.Chance(willPay ? 0.55 : 0.12) ? "promise_to_pay"
                : r.Chance(willPay ? 0.05 : 0.25) ? "refused" : "right_party_contact";
        }

        var cost = _settings.ChannelCosts.TryGetValue(channel, out var c) ? c : 0m;
        var id = NextContactId(s);
        if (sink is not null)
        {
            _today.Contacted(channel, cost);
            if (outcome == "complaint") _today.Complaints++;
            else if (outcome == "opt_out") _today.OptOuts++;
            sink.Write(new Contact(id, s.Account.AccountId, at, channel, outcome, cost, w.TreatmentProbability, w.Strategy, w.Action.CadenceDays));
            if (firstOfWindow) WriteTruth(s, w, id, day, sink);
        }
        s.Recent.Add(new PastContact(at, channel, outcome));
        var horizon = at.AddDays(-35);
        while (s.Recent.Count > 0 && s.Recent[0].At < horizon) s.Recent.RemoveAt(0);
        switch (outcome)
        {
            case "complaint":
                s.ComplaintDays.Add(eventDay);
                if (r.Chance(_settings.CeaseAfterComplaint))
                {
                    s.CeaseContact = true;
                    w.Stopped = true;
                }
                break;
            case "opt_out":
                s.Account = s.Account with { OptedOut = [.. s.Account.OptedOut, channel] };
                w.Stopped = true;
                break;
            case "promise_to_pay":
                var localAt = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, s.Customer.Zone).DateTime);
                s.PromiseUntil = willPay
                    ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(w.PaymentAt!.Value, s.Customer.Zone).DateTime)
                    : localAt.AddDays(1 + r.Next(5));
                if (s.PromiseUntil < localAt) s.PromiseUntil = localAt;
                s.PromiseOpen = true;
                w.Stopped = true;
                break;
        }
    }

    private void WriteTruth(AccountState s, DecisionWindow w, string contactId, int day, ISimulationSink sink)
    {
        if (!_computeTruth) return;
        var none = 1 - Math.Exp(-Math.Exp(ResponseTruth.LogBaseline(s, _settings, day)));
        sink.Write(new DecisionTruth(contactId, s.Account.AccountId, w.Start, w.Action, 1 - Math.Exp(-w.Intensity), none, s.DueAtLastSnapshot));
    }

    private void Pay(AccountState s, DateTimeOffset at, SimRandom r, ISimulationSink sink)
    {
        var due = s.AmountDue;
        var floor = 0.25m * Math.Max(due, s.DueAtLastSnapshot);
        var share = r.Chance(0.3 + 0.5 * s.Customer.Ability) ? 1.0 : 0.3 + 0.6 * r.NextDouble();
        var amount = Math.Max((decimal)share * due, floor);
        amount = Math.Min(Math.Ceiling(amount * 100) / 100, s.Balance);
        if (amount <= 0) return;
        WritePayment(s, at, amount, sink);
        _today.Recovered += amount;
        var wasOverdue = s.Unpaid.Count > 0;
        s.Balance -= amount;
        var left = amount;
        while (left > 0 && s.Unpaid.Count > 0)
        {
            var first = s.Unpaid[0];
            if (first.Remaining <= left)
            {
                left -= first.Remaining;
                s.Unpaid.RemoveAt(0);
            }
            else
            {
                s.Unpaid[0] = first with { Remaining = first.Remaining - left };
                left = 0;
            }
        }
        s.PromiseOpen = false;
        if (wasOverdue && s.Unpaid.Count == 0) _today.Cures++;
        if (s.Unpaid.Count == 0 && s.LegalStatus == LegalStatuses.PreLegal)
            s.LegalStatus = LegalStatuses.None;
    }

    private static void WritePayment(AccountState s, DateTimeOffset at, decimal amount, ISimulationSink sink) =>
        sink.Write(new Payment($"P{s.Index:D7}-{++s.PaymentSequence:D4}", s.Account.AccountId, at, amount));

    private static string NextContactId(AccountState s) => $"C{s.Index:D7}-{++s.ContactSequence:D4}";

    /// <summary>
    /// P(the snapshot's 30-day label is positive) under the policy in force: replays the account's
    /// next 30 days on copies, each with its own random stream and no payment, summing the payment
    /// rate along the way (P = 1 - mean exp(-∫rate)). Exact in expectation, low in variance.
    /// </summary>
    private double RepaymentProbability30d(AccountState original, int day)
    {
        var start = LocalDays.StartOf(DateOf(day), original.Customer.Zone);
        var end = LocalDays.StartOf(DateOf(day + 30), original.Customer.Zone);
        var survival = 0.0;
        for (var k = 0; k < _settings.TruthReplicas; k++)
        {
            var s = original.Clone();
            var r = SimRandom.For(_settings.Seed, (ulong)s.Index, (ulong)(day + 1) * 1000 + (ulong)k);
            var meter = new HazardMeter(start, end);
            for (var d = day; d < day + 30; d++)
            {
                var review = BeginDay(s, d, r, sink: null, emitSnapshot: false);
                if (review is not null && _policy.Decide([review])[0] is { } decision)
                    StartWindow(review, decision, r, real: false);
                RunDay(s, d, r, sink: null, meter);
            }
            survival += Math.Exp(-meter.Total);
        }
        return 1 - survival / _settings.TruthReplicas;
    }

    /// <summary>Sums a piecewise-constant payment rate over the part of each interval inside [from, to).</summary>
    private sealed class HazardMeter(DateTimeOffset from, DateTimeOffset to)
    {
        public double Total { get; private set; }

        public void Add(double ratePerTick, DateTimeOffset a, DateTimeOffset b)
        {
            if (a < from) a = from;
            if (b > to) b = to;
            if (b > a) Total += ratePerTick * (b - a).Ticks;
        }
    }
}
