using System.Globalization;
using RepaymentScoring.Boosting;
using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Contract.Time;
using RepaymentScoring.Features;
using RepaymentScoring.Training;
using RepaymentScoring.Training.Registry;

namespace RepaymentScoring.Planning;

/// <summary>
/// Plans one account at one moment: the compliance profile filters the candidate actions (channel x
/// cadence x hour), the response model scores what is left, and the best by value is chosen (or, with
/// the exploration rate, one drawn uniformly). Value = uplift x expected recovery - contact costs -
/// expected complaints x penalty; waiting is worth 0. Compliance is never traded against value.
/// </summary>
public sealed class Planner
{
    private readonly TrainedModels _models;
    private readonly PlanningPriors _priors;
    private readonly string _version;
    private readonly ComplianceRules _rules;
    private readonly PlanningOptions _options;

    public Planner(TrainedModels models, ModelManifest manifest, ComplianceRules rules, PlanningOptions options)
    {
        _models = models;
        _priors = manifest.Planning;
        _version = manifest.Version;
        _rules = rules;
        _options = options.Validate(rules.Channels);
    }

    public string ModelVersion => _version;

    /// <summary>
    /// Plans the account at <paramref name="at"/>. With <paramref name="prescribed"/> (one of the
    /// allowed actions, or waiting; a portfolio plan's choice) that action is taken with probability 1.
    /// </summary>
    /// <exception cref="ArgumentException">The account has no snapshot at or before <paramref name="at"/>, or the prescribed action is not allowed.</exception>
    public Plan Plan(AccountHistory history, DateTimeOffset at, Random random, bool withReasons = true, ContactAction? prescribed = null)
    {
        var timeline = new AccountTimeline(history);
        var snapshotIndex = timeline.LatestSnapshotAt(at);
        if (snapshotIndex < 0)
            throw new ArgumentException($"No snapshot of the account describes a moment at or before {at:O}.");
        var snapshot = history.Snapshots[snapshotIndex];
        var context = new ContactContext(history.Account, timeline.Zone, snapshot, RecentContacts(history, at));
        var builder = _models.Builder;
        var width = builder.ResponseWidth;
        var stateWidth = builder.StateWidth;
        var state = new float[width];
        builder.WriteState(timeline, at, state);
        var propensity = (double)_models.PredictPropensity(state.AsSpan(0, stateWidth), 1)[0];
        var dpd = context.DaysPastDueAt(at);

        var (candidates, refused) = Candidates(timeline, context, at);
        // Cadences of a week or more share the same features (one contact, the same intensity): each
        // distinct (channel, intensity, hour) row is scored once, about a third fewer rows.
        var rowOf = new int[candidates.Count + 1];
        var distinct = new Dictionary<ActionFeatures, int>();
        for (var k = 0; k <= candidates.Count; k++)
        {
            var action = k == candidates.Count ? ActionFeatures.Wait : candidates[k].Features;
            if (!distinct.TryGetValue(action, out var r)) distinct[action] = r = distinct.Count;
            rowOf[k] = r;
        }
        var block = new float[distinct.Count * width];
        foreach (var (action, r) in distinct)
        {
            var row = block.AsSpan(r * width, width);
            state.CopyTo(row);
            builder.WriteAction(action, row[stateWidth..]);
        }
        var predicted = _models.PredictResponse(block, distinct.Count);
        var p = new float[candidates.Count + 1];
        for (var k = 0; k <= candidates.Count; k++) p[k] = predicted[rowOf[k]];
        var pWait = (double)p[candidates.Count];
        var recovery = _priors.RecoveryShare * (double)snapshot.AmountDue;
        var scored = new List<ScoredAction>(candidates.Count + 1);
        for (var k = 0; k < candidates.Count; k++)
        {
            var c = candidates[k];
            var n = c.Action.ContactsPerWeek;
            var cost = (double)(_options.ChannelCosts.TryGetValue(c.Action.Channel, out var unit) ? unit : 0m) * n;
            var complaints = _priors.Complaint(c.Action.Channel, c.Features.Intensity) * n * (double)_options.ComplaintPenalty;
            var uplift = p[k] - pWait;
            scored.Add(new ScoredAction(c.Action, c.FirstContactAt, p[k], uplift, uplift * recovery - cost - complaints));
        }
        var waitMoment = candidates.Count > 0 || refused.All(r => r.AllowedFrom is null)
            ? at.AddDays(_options.ReplanDays)
            : refused.Where(r => r.AllowedFrom is not null).Min(r => r.AllowedFrom!.Value);
        scored.Add(new ScoredAction(ContactAction.Wait, waitMoment, pWait, 0, 0));
        var ranked = scored.OrderByDescending(s => s.Value).ThenBy(s => s.Action.ToString(), StringComparer.Ordinal).ToList();

        var best = ranked[0];
        var chosen = best;
        var strategy = Planning.Plan.Champion;
        double probability;
        if (prescribed is { } wanted)
        {
            chosen = scored.Find(s => s.Action == wanted)
                ?? throw new ArgumentException($"The prescribed action {wanted} is not among the allowed actions of {history.Account.AccountId} at {at:O}.");
            probability = 1;
        }
        else
        {
            if (_options.ExplorationRate > 0 && random.NextDouble() < _options.ExplorationRate)
            {
                chosen = scored[random.Next(scored.Count)];
                strategy = Planning.Plan.Explore;
            }
            probability = _options.ExplorationRate / scored.Count + (chosen == best ? 1 - _options.ExplorationRate : 0);
        }

        var chosenIndex = scored.IndexOf(chosen);
        var reasons = withReasons ? Reasons(block.AsSpan(rowOf[chosenIndex] * width, width).ToArray()) : [];
        return new Plan(history.Account.AccountId, chosen.Action, chosen.FirstContactAt, propensity, chosen.Uplift, chosen.Value,
            RiskTier(propensity), Stage(dpd), Escalation(snapshot, dpd, propensity), reasons, probability, strategy, _version,
            ranked, refused);
    }

    private readonly record struct Candidate(ContactAction Action, ActionFeatures Features, DateTimeOffset FirstContactAt);

    /// <summary>
    /// Allowed actions: every (channel, hour) whose first contact the profile allows, with every
    /// cadence whose whole week of contacts it also allows (judged on the history plus the plan's own
    /// earlier contacts). Channels with no allowed hour are refused with their rules.
    /// </summary>
    private (List<Candidate>, List<RefusedAction>) Candidates(AccountTimeline timeline, ContactContext context, DateTimeOffset at)
    {
        var candidates = new List<Candidate>();
        var refused = new List<RefusedAction>();
        foreach (var channel in _models.Schema.Channels)
        {
            if (!_rules.Channels.TryGet(channel, out var definition)) continue;
            var hours = definition.Kind == ChannelKind.Mail ? [_options.LetterHour]
                : Enumerable.Range(_options.FirstHour, _options.LastHour - _options.FirstHour + 1);
            var open = new List<(int Hour, DateTimeOffset At)>();
            IReadOnlyList<Refusal>? firstRefusals = null;
            foreach (var hour in hours)
            {
                var moment = NextAt(at, hour, timeline.Zone);
                var refusals = _rules.Check(context, channel, moment, firstOnly: firstRefusals is not null);
                if (refusals.Count == 0) open.Add((hour, moment));
                else firstRefusals ??= refusals;
            }
            if (open.Count == 0)
            {
                refused.Add(new RefusedAction(channel, firstRefusals ?? [], _rules.EarliestAllowed(context, channel, at, TimeSpan.FromDays(60))));
                continue;
            }
            var history7 = FeatureBuilder.SameChannelLast7Days(timeline, channel, at);
            foreach (var cadence in ContactAction.Cadences)
            {
                var probe = new ContactAction(channel, cadence, open[0].Hour);
                if (!WeekIsAllowed(context, probe, open[0].At, timeline.Zone)) continue;
                foreach (var (hour, moment) in open)
                {
                    var action = probe with { Hour = hour };
                    candidates.Add(new Candidate(action, ActionFeatures.Planned(action, history7), moment));
                }
            }
        }
        return (candidates, refused);
    }

    /// <summary>Checks each contact the cadence plans in its first week, each seeing the ones planned before it.</summary>
    private bool WeekIsAllowed(ContactContext context, ContactAction action, DateTimeOffset first, TimeZoneInfo zone)
    {
        if (action.ContactsPerWeek <= 1) return true;
        var contacts = context.Contacts.ToList();
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(first, zone).DateTime);
        var neutral = _rules.Channels.Get(action.Channel).Kind switch { ChannelKind.Mail => "sent", ChannelKind.ElectronicMessage => "delivered", _ => "no_answer" };
        contacts.Add(new PastContact(first, action.Channel, neutral));
        for (var i = 1; i < action.ContactsPerWeek; i++)
        {
            var moment = LocalDays.At(firstDay.AddDays(i * action.CadenceDays), action.Hour, zone);
            if (moment >= first.AddDays(7)) break;
            if (!_rules.IsAllowed(new ContactContext(context.Account, zone, context.Snapshot, contacts), action.Channel, moment)) return false;
            contacts.Add(new PastContact(moment, action.Channel, neutral));
        }
        return true;
    }

    /// <summary>The next moment at <paramref name="hour"/> local time, at or after <paramref name="at"/>.</summary>
    public static DateTimeOffset NextAt(DateTimeOffset at, int hour, TimeZoneInfo zone)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
        var moment = LocalDays.At(day, hour, zone);
        return moment >= at ? moment : LocalDays.At(day.AddDays(1), hour, zone);
    }

    /// <summary>Contacts the rules look at: the last 35 days, and every opt-out ever (consent does not come back).</summary>
    private static List<PastContact> RecentContacts(AccountHistory history, DateTimeOffset at)
    {
        var horizon = at.AddDays(-35);
        return history.Contacts.Where(c => c.ContactedAt < at && (c.ContactedAt >= horizon || c.Outcome == "opt_out"))
            .Select(c => new PastContact(c.ContactedAt, c.Channel, c.Outcome)).ToList();
    }

    /// <summary>The five features that moved the chosen action's predicted response most (exact SHAP, log-odds).</summary>
    private IReadOnlyList<string> Reasons(float[] row)
    {
        using var matrix = new DMatrix(row, 1, row.Length);
        var contributions = _models.Response.Contributions(matrix);
        var names = _models.Schema.ResponseNames;
        return Enumerable.Range(0, names.Count)
            .Where(i => contributions[i] != 0)
            .OrderByDescending(i => Math.Abs(contributions[i]))
            .Take(5)
            .Select(i => string.Create(CultureInfo.InvariantCulture, $"{names[i]}:{contributions[i]:+0.000;-0.000}"))
            .ToList();
    }

    private string RiskTier(double propensity) =>
        propensity < _options.HighRiskBelow ? "high" : propensity < _options.MediumRiskBelow ? "medium" : "low";

    public static string Stage(int dpd) => dpd < 30 ? "early" : dpd <= 90 ? "middle" : "late";

    private string Escalation(AccountSnapshot snapshot, int dpd, double propensity) =>
        snapshot.Hardship ? "hardship_plan"
        : dpd > _rules.Settings.LateDpd && propensity < _options.LegalReviewBelow ? "legal_review"
        : "none";
}
