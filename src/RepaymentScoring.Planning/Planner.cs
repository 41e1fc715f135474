using System.Buffers;
using System.Globalization;
using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Contract.Time;
using RepaymentScoring.Features;
using RepaymentScoring.Models;
using RepaymentScoring.Models.Registry;
using RepaymentScoring.Models.Trees;

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

    private Planner(Planner planner, PlanningOptions options)
    {
        _models = planner._models;
        _priors = planner._priors;
        _version = planner._version;
        _rules = planner._rules;
        _options = options;
    }

    public string ModelVersion => _version;

    /// <summary>Whether plans value actions (the version has a response model); if not, they follow the rules baseline.</summary>
    public bool ValuesActions => _models.HasResponse;

    /// <summary>The same planner with <c>Planning:ExplorationRate</c> 0 (portfolio plans choose, they do not explore); itself when it does not explore.</summary>
    public Planner WithoutExploration() => Explores ? new Planner(this, _options with { ExplorationRate = 0 }) : this;

    /// <summary>The same planner with reasons computed by <paramref name="method"/>; itself when it already does.</summary>
    public Planner WithReasons(ReasonsMethod method) => _options.Reasons == method ? this : new Planner(this, _options with { Reasons = method });

    /// <summary>Whether plans may explore (<c>Planning:ExplorationRate</c> over 0): only then do they draw from their random stream.</summary>
    public bool Explores => _options.ExplorationRate > 0;

    /// <summary>
    /// The champion's plan, as portfolio plans make it: no exploration and no random draw, whatever
    /// <c>Planning:ExplorationRate</c> says. Call it on <see cref="WithoutExploration"/>'s planner.
    /// </summary>
    /// <exception cref="InvalidOperationException">This planner explores.</exception>
    public Plan PlanChampion(AccountTimeline timeline, DateTimeOffset at, bool withReasons = true, ContactAction? prescribed = null) =>
        Explores
            ? throw new InvalidOperationException("A champion plan needs a planner without exploration (Planner.WithoutExploration).")
            : Plan(timeline, at, NoDrawsRandom.Instance, withReasons, prescribed);

    /// <summary>
    /// Plans the account at <paramref name="at"/>. With <paramref name="prescribed"/> (one of the
    /// allowed actions, or waiting; a portfolio plan's choice) that action is taken with probability 1.
    /// </summary>
    /// <exception cref="ArgumentException">The account has no snapshot at or before <paramref name="at"/>, or the prescribed action is not allowed.</exception>
    public Plan Plan(AccountHistory history, DateTimeOffset at, Random random, bool withReasons = true, ContactAction? prescribed = null) =>
        Plan(new AccountTimeline(history), at, random, withReasons, prescribed);

    /// <summary>As <see cref="Plan(AccountHistory, DateTimeOffset, Random, bool, ContactAction?)"/>, on a timeline the caller already built.</summary>
    public Plan Plan(AccountTimeline timeline, DateTimeOffset at, Random random, bool withReasons = true, ContactAction? prescribed = null)
    {
        var history = timeline.History;
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

        var (allowed, refused, open) = Candidates(timeline, context, at);
        var waitMoment = allowed.Count > 0 || refused.All(r => r.AllowedFrom is null)
            ? at.AddDays(_options.ReplanDays)
            : refused.Where(r => r.AllowedFrom is not null).Min(r => r.AllowedFrom!.Value);
        if (!_models.HasResponse)
        {
            if (prescribed is not null) throw new ArgumentException("A version without a response model plans by the rules; it takes no prescribed action.");
            return PlanByRules(history, snapshot, state.AsSpan(0, stateWidth), propensity, dpd, allowed, refused, waitMoment, withReasons);
        }
        var wait = new Candidate(ContactAction.Wait, ActionFeatures.Wait, waitMoment);
        // Calls and visits are valued at the hour the reach model expects them answered: the hour
        // that suits the customer, read from every logged call rather than from the rarer payments.
        // Other channels' hour matters less (a message is read when the customer looks): the hour is
        // chosen by the response model at one contact a week. Only those hours are then valued.
        var bestHours = BestHours(open, state);
        // Only the actions valued get their features (each channel's contacts in the last 7 days set the intensity).
        Candidate Valued(AllowedAction a) =>
            new(a.Action, ActionFeatures.Planned(a.Action, open.Find(o => o.Channel == a.Action.Channel).History7), a.FirstContactAt);
        var candidates = new List<Candidate>(bestHours.Count * ContactAction.Cadences.Count + 8);
        foreach (var a in allowed)
            if (!bestHours.TryGetValue(a.Action.Channel, out var hour) || a.Action.Hour == hour) candidates.Add(Valued(a));
        candidates.Add(wait);

        // The exploration draws among every compliant action (or waiting), scored or not.
        var exploring = prescribed is null && Explores && random.NextDouble() < _options.ExplorationRate;
        Candidate? drawn = null;
        if (exploring)
        {
            var pick = random.Next(allowed.Count + 1);
            drawn = pick < allowed.Count ? Valued(allowed[pick]) : wait;
            if (!candidates.Contains(drawn.Value)) candidates.Add(drawn.Value);
        }
        if (prescribed is { } wanted && !candidates.Exists(c => c.Action == wanted))
        {
            var index = allowed.FindIndex(c => c.Action == wanted);
            if (index < 0)
                throw new ArgumentException($"The prescribed action {wanted} is not among the allowed actions of {history.Account.AccountId} at {at:O}.");
            candidates.Add(Valued(allowed[index]));
        }

        // Cadences of a week or more share the same features (one contact, the same intensity): each
        // distinct (channel, intensity, hour) row is scored once.
        var rowOf = new int[candidates.Count];
        var distinct = new Dictionary<ActionFeatures, int>();
        for (var k = 0; k < candidates.Count; k++)
        {
            if (!distinct.TryGetValue(candidates[k].Features, out var r)) distinct[candidates[k].Features] = r = distinct.Count;
            rowOf[k] = r;
        }
        var block = ArrayPool<float>.Shared.Rent(distinct.Count * width); // every row written below; returned once the reasons are read
        foreach (var (action, r) in distinct)
        {
            var row = block.AsSpan(r * width, width);
            state.CopyTo(row);
            builder.WriteAction(action, row[stateWidth..]);
        }
        var predicted = _models.PredictResponseFilling(block, distinct.Count, sharedState: true);
        var pWait = (double)predicted[distinct[ActionFeatures.Wait]];
        var recovery = _priors.RecoveryShare * (double)snapshot.AmountDue;
        var scored = new List<ScoredAction>(candidates.Count);
        for (var k = 0; k < candidates.Count; k++)
        {
            var c = candidates[k];
            var p = (double)predicted[rowOf[k]];
            if (c.Action.IsWait)
            {
                scored.Add(new ScoredAction(c.Action, c.FirstContactAt, p, 0, 0));
                continue;
            }
            var n = c.Action.ContactsPerWeek;
            var cost = (double)(_options.ChannelCosts.TryGetValue(c.Action.Channel, out var unit) ? unit : 0m) * n;
            var complaints = _priors.Complaint(c.Action.Channel, c.Features.Intensity) * n * (double)_options.ComplaintPenalty;
            var uplift = p - pWait;
            scored.Add(new ScoredAction(c.Action, c.FirstContactAt, p, uplift, uplift * recovery - cost - complaints));
        }
        var ranked = new List<ScoredAction>(scored);
        ranked.Sort(BestFirst);

        var best = ranked[0];
        var chosen = prescribed is { } prescribedAction ? scored.Find(s => s.Action == prescribedAction)!
            : drawn is { } explored ? scored.Find(s => s.Action == explored.Action)!
            : best;
        var probability = prescribed is not null ? 1
            : _options.ExplorationRate / (allowed.Count + 1) + (chosen == best ? 1 - _options.ExplorationRate : 0);
        var strategy = drawn is not null ? Planning.Plan.Explore : Planning.Plan.Champion;
        var chosenIndex = scored.IndexOf(chosen);
        // The row as it was valued: its action_reach was filled when the block was predicted.
        var chosenRow = block.AsSpan(rowOf[chosenIndex] * width, width);
        var reasons = withReasons
            ? Reasons(_options.Reasons == ReasonsMethod.Approximate ? _models.ApproximateResponseContributions(chosenRow) : _models.ResponseContributions(chosenRow),
                _models.Schema.ResponseNames)
            : [];
        ArrayPool<float>.Shared.Return(block);
        allowed.Add(new AllowedAction(wait.Action, wait.FirstContactAt)); // the plan's allowed actions: waiting is one
        return new Plan(history.Account.AccountId, chosen.Action, chosen.FirstContactAt, propensity, chosen.Uplift, chosen.Value,
            RiskTier(propensity), Stage(dpd), Escalation(snapshot, dpd, propensity), reasons, probability, strategy, _version,
            ranked, refused, allowed);
    }

    /// <summary>Highest value first; equal values in the actions' ordinal text order.</summary>
    /// <summary>
    /// Best value first. Cadences of a week or more make one contact in the valued week, so they tie;
    /// the shortest of them is taken (weekly: the plan is made again within the week, and a longer
    /// cadence would promise a silence its value never measured). Other ties go by the action's text.
    /// </summary>
    private static int BestFirst(ScoredAction a, ScoredAction b)
    {
        var byValue = b.Value.CompareTo(a.Value);
        if (byValue != 0 || ReferenceEquals(a, b)) return byValue;
        if (a.Action.Channel == b.Action.Channel && a.Action.Hour == b.Action.Hour && a.Action.CadenceDays != b.Action.CadenceDays)
            return a.Action.CadenceDays.CompareTo(b.Action.CadenceDays);
        return ContactAction.CompareText(a.Action, b.Action);
    }

    /// <summary>A channel's allowed hours at a plan's moment, and its contacts over the last 7 days.</summary>
    private readonly record struct OpenHours(string Channel, int History7, List<int> Hours);

    /// <summary>
    /// Each channel's hour to value: for the channels the reach model covers, the allowed hour with the
    /// highest predicted reach (at the contact's own intensity, as the reach model's rows); for the
    /// others with a choice, the hour whose weekly contact the response model rates highest. Ties go
    /// to the middle of the top step (<see cref="PlateauCentre"/>). One row per (channel, hour) on the account's state.
    /// </summary>
    private Dictionary<string, int> BestHours(List<OpenHours> open, float[] state)
    {
        var best = new Dictionary<string, int>(StringComparer.Ordinal);
        var reach = new List<(string Channel, int Hour, ActionFeatures Action)>();
        var response = new List<(string Channel, int Hour, ActionFeatures Action)>();
        foreach (var o in open)
        {
            var byReach = _models.ReachChannels.Contains(o.Channel);
            if (!byReach && o.Hours.Count < 2) continue;
            foreach (var hour in o.Hours)
                (byReach ? reach : response).Add((o.Channel, hour,
                    byReach ? new ActionFeatures(o.Channel, o.History7 + 1, hour) : ActionFeatures.Planned(new ContactAction(o.Channel, 7, hour), o.History7)));
        }
        var column = _models.Schema.IndexOf(FeatureSchema.ReachColumn);
        if (reach.Count > 0)
        {
            var block = Rows(reach, state);
            _models.FillReach(block.AsSpan(0, reach.Count * _models.Builder.ResponseWidth), reach.Count, sharedState: true);
            Pick(reach, k => block[k * _models.Builder.ResponseWidth + column], best);
            ArrayPool<float>.Shared.Return(block);
        }
        if (response.Count > 0)
        {
            var block = Rows(response, state);
            var p = _models.PredictResponseFilling(block, response.Count, sharedState: true);
            ArrayPool<float>.Shared.Return(block);
            Pick(response, k => p[k], best);
        }
        return best;
    }

    /// <summary>The probes' rows in a pooled block (every value written; the caller returns it): a plan's probes are its largest allocation.</summary>
    private float[] Rows(List<(string Channel, int Hour, ActionFeatures Action)> probes, float[] state)
    {
        var width = _models.Builder.ResponseWidth;
        var block = ArrayPool<float>.Shared.Rent(probes.Count * width);
        for (var k = 0; k < probes.Count; k++)
        {
            var row = block.AsSpan(k * width, width);
            state.CopyTo(row);
            _models.Builder.WriteAction(probes[k].Action, row[_models.Builder.StateWidth..]);
        }
        return block;
    }

    /// <summary>Each channel's hour from its probes' scores; a channel's probes are consecutive, in increasing hour order.</summary>
    private static void Pick(List<(string Channel, int Hour, ActionFeatures Action)> probes, Func<int, float> score, Dictionary<string, int> best)
    {
        var curve = new (int Hour, float Score)[probes.Count];
        for (var start = 0; start < probes.Count;)
        {
            var end = start;
            while (end < probes.Count && probes[end].Channel == probes[start].Channel)
            {
                curve[end] = (probes[end].Hour, score(end));
                end++;
            }
            best[probes[start].Channel] = PlateauCentre(new ArraySegment<(int Hour, float Score)>(curve, start, end - start));
            start = end;
        }
    }

    /// <summary>
    /// The hour to take from a curve of scores by hour (in increasing hour order). Trees predict steps:
    /// several neighbouring hours often share the top score, and the customer's best hour is then
    /// likelier inside the step than at its edge, so the middle of the longest run of consecutive top
    /// hours is taken (the earlier middle when the run is even). Taking the earliest hour of the top
    /// step placed calls to the self-employed at 12:00 where they answer at 13:00-15:00 (docs/planning.md).
    /// </summary>
    public static int PlateauCentre(IReadOnlyList<(int Hour, float Score)> curve)
    {
        var top = curve.Max(c => c.Score);
        int bestStart = 0, bestLength = 0;
        for (var i = 0; i < curve.Count; i++)
        {
            if (curve[i].Score != top || (i > 0 && curve[i - 1].Score == top && curve[i - 1].Hour == curve[i].Hour - 1)) continue;
            var length = 1;
            while (i + length < curve.Count && curve[i + length].Score == top && curve[i + length].Hour == curve[i + length - 1].Hour + 1) length++;
            if (length > bestLength) (bestStart, bestLength) = (i, length);
        }
        return curve[bestStart + (bestLength - 1) / 2].Hour;
    }

    private readonly record struct Candidate(ContactAction Action, ActionFeatures Features, DateTimeOffset FirstContactAt);

    /// <summary>
    /// Allowed actions: every (channel, hour) whose first contact the profile allows, with every
    /// cadence whose whole week of contacts it also allows (judged on the history plus the plan's own
    /// earlier contacts). Channels with no allowed hour are refused with their rules.
    /// </summary>
    private (List<AllowedAction>, List<RefusedAction>, List<OpenHours>) Candidates(AccountTimeline timeline, ContactContext context, DateTimeOffset at)
    {
        // One more for waiting, which the plan appends.
        var candidates = new List<AllowedAction>(_models.Schema.Channels.Count * ContactAction.Cadences.Count * (_options.LastHour - _options.FirstHour + 1) + 1);
        var refused = new List<RefusedAction>();
        var openHours = new List<OpenHours>();
        var moments = new (DateTimeOffset At, DateOnly Day)?[24]; // each hour's next moment and its local day, shared by the channels
        var today = DateOnly.FromDateTime(context.LocalTime(at).DateTime);
        var scratch = new List<PastContact>(context.Contacts.Count + 8); // a week's contacts, history first, reused by every week checked
        foreach (var channel in _models.Schema.Channels)
        {
            if (!_rules.Channels.TryGet(channel, out var definition)) continue;
            var hours = definition.Kind == ChannelKind.Mail ? [_options.LetterHour]
                : Enumerable.Range(_options.FirstHour, _options.LastHour - _options.FirstHour + 1);
            var open = new List<(int Hour, DateTimeOffset At, DateOnly Day)>();
            IReadOnlyList<Refusal>? firstRefusals = null;
            foreach (var hour in hours)
            {
                var (moment, day) = moments[hour] ??= NextMoment(context, at, today, hour);
                var refusals = _rules.Check(context, channel, moment, firstOnly: firstRefusals is not null);
                if (refusals.Count == 0) open.Add((hour, moment, day));
                else firstRefusals ??= refusals;
            }
            if (open.Count == 0)
            {
                refused.Add(new RefusedAction(channel, firstRefusals ?? [], _rules.EarliestAllowed(context, channel, at, TimeSpan.FromDays(60))));
                continue;
            }
            var history7 = FeatureBuilder.SameChannelLast7Days(timeline, channel, at);
            openHours.Add(new OpenHours(channel, history7, open.ConvertAll(o => o.Hour)));
            var dailyWeek = new bool[open.Count];
            var week = new bool[open.Count];
            foreach (var cadence in ContactAction.Cadences)
            {
                WeeksAllowed(context, channel, cadence, open, cadence is 2 or 3 ? dailyWeek : null, week, scratch);
                if (cadence == 1) Array.Copy(week, dailyWeek, week.Length);
                for (var k = 0; k < open.Count; k++)
                {
                    if (!week[k]) continue;
                    var action = new ContactAction(channel, cadence, open[k].Hour);
                    candidates.Add(new AllowedAction(action, open[k].At));
                }
            }
        }
        return (candidates, refused, openHours);
    }

    /// <summary>
    /// Which of the open hours (in increasing hour order) may take the cadence's whole first week. The
    /// rules look back from a moment over fixed windows (168 hours, 14 days, the local day or month),
    /// so among hours whose first contact falls on the same local day a later hour's week has every
    /// contact later by the same amount and sees fewer earlier ones: once one hour's week is allowed,
    /// every later hour's that day is too, and each day is searched from its first hour until one
    /// passes. And the weeks of 2 and 3 days contact on a subset of the daily week's days at the same
    /// hour: where the daily week (<paramref name="daily"/>) is allowed, so are they. The first week
    /// of each hour is still decided exactly (a test checks every allowed week contact by contact).
    /// </summary>
    private void WeeksAllowed(ContactContext context, string channel, int cadence, List<(int Hour, DateTimeOffset At, DateOnly Day)> open,
        bool[]? daily, bool[] allowed, List<PastContact> scratch)
    {
        if (new ContactAction(channel, cadence, 0).ContactsPerWeek <= 1)
        {
            Array.Fill(allowed, true);
            return;
        }
        for (var k = 0; k < open.Count; k++)
        {
            allowed[k] = k > 0 && open[k - 1].Day == open[k].Day && allowed[k - 1]
                || daily is not null && daily[k]
                || WeekIsAllowed(context, new ContactAction(channel, cadence, open[k].Hour), open[k].At, open[k].Day, scratch);
        }
    }

    /// <summary>Checks each contact a cadence of several contacts plans in its first week, each seeing the ones planned before it.</summary>
    private bool WeekIsAllowed(ContactContext context, ContactAction action, DateTimeOffset first, DateOnly firstDay,
        List<PastContact> contacts)
    {
        contacts.Clear();
        contacts.AddRange(context.Contacts);
        var neutral = _rules.Channels.Get(action.Channel).Kind switch { ChannelKind.Mail => "sent", ChannelKind.ElectronicMessage => "delivered", _ => "no_answer" };
        contacts.Add(new PastContact(first, action.Channel, neutral));
        // One context over the growing list: each check sees the contacts planned before it.
        var week = new ContactContext(context, contacts);
        for (var i = 1; i < action.ContactsPerWeek; i++)
        {
            var moment = week.MomentAt(firstDay.AddDays(i * action.CadenceDays), action.Hour);
            if (moment >= first.AddDays(7)) break;
            if (!_rules.IsAllowed(week, action.Channel, moment)) return false;
            contacts.Add(new PastContact(moment, action.Channel, neutral));
        }
        return true;
    }

    /// <summary>The next moment at <paramref name="hour"/> local time, at or after <paramref name="at"/>, and its local day.</summary>
    private static (DateTimeOffset At, DateOnly Day) NextMoment(ContactContext context, DateTimeOffset at, DateOnly today, int hour)
    {
        var moment = context.MomentAt(today, hour);
        return moment >= at ? (moment, today) : (context.MomentAt(today.AddDays(1), hour), today.AddDays(1));
    }

    /// <summary>Contacts the rules look at: the last 35 days, and every opt-out ever (consent does not come back).</summary>
    private static List<PastContact> RecentContacts(AccountHistory history, DateTimeOffset at)
    {
        var horizon = at.AddDays(-35);
        var recent = new List<PastContact>();
        foreach (var c in history.Contacts)
            if (c.ContactedAt < at && (c.ContactedAt >= horizon || c.Outcome == "opt_out")) recent.Add(new PastContact(c.ContactedAt, c.Channel, c.Outcome));
        return recent;
    }

    /// <summary>
    /// A plan of a version without a response model: the rules baseline's first allowed action
    /// (<see cref="RulesBaseline"/>), else waiting, with probability 1; nothing is valued, and the
    /// reasons are the features that moved the propensity most.
    /// </summary>
    private Plan PlanByRules(AccountHistory history, AccountSnapshot snapshot, ReadOnlySpan<float> state, double propensity, int dpd,
        List<AllowedAction> allowed, List<RefusedAction> refused, DateTimeOffset waitMoment, bool withReasons)
    {
        var chosen = new AllowedAction(ContactAction.Wait, waitMoment);
        foreach (var preferred in RulesBaseline.Preferences(snapshot, history.Account.PreferredHours))
        {
            var index = allowed.FindIndex(a => a.Action == preferred);
            if (index >= 0) { chosen = allowed[index]; break; }
        }
        var reasons = withReasons
            ? Reasons(_options.Reasons == ReasonsMethod.Approximate ? _models.Propensity.ApproximateContributions(state) : _models.Propensity.Contributions(state),
                _models.Schema.StateNames)
            : [];
        allowed.Add(new AllowedAction(ContactAction.Wait, waitMoment));
        return new Plan(history.Account.AccountId, chosen.Action, chosen.FirstContactAt, propensity, null, null,
            RiskTier(propensity), Stage(dpd), Escalation(snapshot, dpd, propensity), reasons, 1, Planning.Plan.Rules, _version, [], refused, allowed);
    }

    /// <summary>The five features with the largest contributions (log-odds; exact SHAP or approximate, <see cref="PlanningOptions.Reasons"/>).</summary>
    private static IReadOnlyList<string> Reasons(float[] contributions, IReadOnlyList<string> names)
    {
        // The five largest by size, ties in column order (a stable sort's order), without sorting them all.
        Span<int> top = stackalloc int[5];
        var count = 0;
        for (var i = 0; i < names.Count; i++)
        {
            var size = Math.Abs(contributions[i]);
            if (size == 0 || (count == top.Length && size <= Math.Abs(contributions[top[^1]]))) continue;
            var k = Math.Min(count, top.Length - 1);
            while (k > 0 && Math.Abs(contributions[top[k - 1]]) < size) { top[k] = top[k - 1]; k--; }
            top[k] = i;
            count = Math.Min(count + 1, top.Length);
        }
        var reasons = new string[count];
        for (var k = 0; k < count; k++)
            reasons[k] = string.Create(CultureInfo.InvariantCulture, $"{names[top[k]]}:{contributions[top[k]]:+0.000;-0.000}");
        return reasons;
    }

    private string RiskTier(double propensity) =>
        propensity < _options.HighRiskBelow ? "high" : propensity < _options.MediumRiskBelow ? "medium" : "low";

    public static string Stage(int dpd) => CollectionStage.Of(dpd);

    private string Escalation(AccountSnapshot snapshot, int dpd, double propensity) =>
        snapshot.Hardship ? "hardship_plan"
        : dpd > _rules.Settings.LateDpd && propensity < _options.LegalReviewBelow ? "legal_review"
        : "none";
}
