using RepaymentScoring.Compliance;
using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Features;
using RepaymentScoring.Models;
using RepaymentScoring.Models.Registry;

namespace RepaymentScoring.Planning;

/// <summary>
/// Plans one account at one moment, in four parts: the compliance profile gives the candidate actions
/// (channel x cadence x hour) and their week's compliance (<see cref="CandidateActions"/>); each open
/// channel gets its hour (<see cref="HourChoice"/>); the response model values what is left and the
/// best is chosen, or with the exploration rate one drawn uniformly (<see cref="ActionValuation"/>);
/// the chosen row's reasons are read (<see cref="PlanReasons"/>). Compliance is never traded against value.
/// </summary>
public sealed class Planner
{
    private readonly TrainedModels _models;
    private readonly PlanningPriors _priors;
    private readonly string _version;
    private readonly ComplianceRules _rules;
    private readonly PlanningOptions _options;
    private readonly CandidateActions _candidates;
    private readonly HourChoice _hours;
    private readonly ActionValuation _valuation;

    public Planner(TrainedModels models, ModelManifest manifest, ComplianceRules rules, PlanningOptions options)
        : this(models, manifest.Planning, manifest.Version, rules, options.Validate(rules.Channels))
    {
    }

    private Planner(TrainedModels models, PlanningPriors priors, string version, ComplianceRules rules, PlanningOptions options)
    {
        _models = models;
        _priors = priors;
        _version = version;
        _rules = rules;
        _options = options;
        _candidates = new CandidateActions(rules, options);
        _hours = new HourChoice(models);
        _valuation = new ActionValuation(models, priors, options);
    }

    private Planner With(PlanningOptions options) => new(_models, _priors, _version, _rules, options);

    public string ModelVersion => _version;

    /// <summary>Whether plans value actions (the version has a response model); if not, they follow the rules baseline.</summary>
    public bool ValuesActions => _models.HasResponse;

    /// <summary>How this planner's plans compute their reasons (<c>Planning:Reasons</c>, unless a call names another method).</summary>
    public ReasonsMethod Reasons => _options.Reasons;

    /// <summary>The same planner with <c>Planning:ExplorationRate</c> 0 (portfolio plans choose, they do not explore); itself when it does not explore.</summary>
    public Planner WithoutExploration() => Explores ? With(_options with { ExplorationRate = 0 }) : this;

    /// <summary>The same planner with reasons computed by <paramref name="method"/>; itself when it already does.</summary>
    public Planner WithReasons(ReasonsMethod method) => _options.Reasons == method ? this : With(_options with { Reasons = method });

    /// <summary>Whether plans may explore (<c>Planning:ExplorationRate</c> over 0): only then do they draw from their random stream.</summary>
    public bool Explores => _options.ExplorationRate > 0;

    /// <summary>
    /// The champion's plan, as portfolio plans make it: no exploration and no random draw, whatever
    /// <c>Planning:ExplorationRate</c> says. Call it on <see cref="WithoutExploration"/>'s planner.
    /// </summary>
    /// <exception cref="InvalidOperationException">This planner explores.</exception>
    public Plan PlanChampion(AccountTimeline timeline, DateTimeOffset asOf, ReasonsMethod? reasons = null, ContactAction? prescribed = null) =>
        Explores
            ? throw new InvalidOperationException("A champion plan needs a planner without exploration (Planner.WithoutExploration).")
            : Plan(timeline, asOf, NoDrawsRandom.Instance, reasons, prescribed);

    /// <summary>
    /// Plans the account at <paramref name="asOf"/>, its reasons by <paramref name="reasons"/> (default:
    /// <see cref="Reasons"/>). With <paramref name="prescribed"/> (one of the allowed actions, or
    /// waiting; a portfolio plan's choice) that action is taken with probability 1.
    /// </summary>
    /// <exception cref="ArgumentException">The account has no snapshot at or before <paramref name="asOf"/>, or the prescribed action is not allowed.</exception>
    public Plan Plan(AccountHistory history, DateTimeOffset asOf, Random random, ReasonsMethod? reasons = null, ContactAction? prescribed = null) =>
        Plan(new AccountTimeline(history), asOf, random, reasons, prescribed);

    /// <summary>As <see cref="Plan(AccountHistory, DateTimeOffset, Random, ReasonsMethod?, ContactAction?)"/>, on a timeline the caller already built.</summary>
    public Plan Plan(AccountTimeline timeline, DateTimeOffset asOf, Random random, ReasonsMethod? reasons = null, ContactAction? prescribed = null)
    {
        var history = timeline.History;
        var snapshotIndex = timeline.LatestSnapshotAt(asOf);
        if (snapshotIndex < 0)
            throw new ArgumentException($"No snapshot of the account describes a moment at or before {asOf:O}.");
        var snapshot = history.Snapshots[snapshotIndex];
        var context = new ContactContext(history.Account, timeline.Zone, snapshot, CandidateActions.RecentContacts(history, asOf));
        var method = reasons ?? _options.Reasons;
        var stateWidth = _models.Builder.StateWidth;
        var state = new float[_models.Builder.ResponseWidth];
        _models.Builder.WriteState(timeline, asOf, state);
        var propensity = (double)_models.PredictPropensity(state.AsSpan(0, stateWidth), 1)[0];
        var dpd = context.DaysPastDueAt(asOf);

        var (allowed, refused, open) = _candidates.Find(timeline, context, asOf, _models.Schema.Channels);
        var waitMoment = allowed.Count > 0 || refused.All(r => r.AllowedFrom is null)
            ? asOf.AddDays(_options.ReplanDays)
            : refused.Where(r => r.AllowedFrom is not null).Min(r => r.AllowedFrom!.Value);
        if (!_models.HasResponse)
        {
            if (prescribed is not null) throw new ArgumentException("A version without a response model plans by the rules; it takes no prescribed action.");
            return PlanByRules(history, snapshot, state.AsSpan(0, stateWidth), propensity, dpd, allowed, refused, waitMoment, method);
        }
        var wait = new Candidate(ContactAction.Wait, ActionFeatures.Wait, waitMoment);
        var (candidates, drawn) = ToValue(history, asOf, state, allowed, open, wait, random, prescribed);

        using var valued = _valuation.Value(state, candidates, snapshot.AmountDue);
        var (chosen, probability) = _valuation.Choose(valued, prescribed, drawn?.Action, allowed.Count);
        var strategy = drawn is not null ? Planning.Plan.Explore : Planning.Plan.Champion;
        // The row as it was valued: its action_reach was filled when it was predicted.
        var why = PlanReasons.Of(method, _models.Response!, valued.RowOf(valued.Scored.IndexOf(chosen)), _models.Schema.ResponseNames);
        allowed.Add(new AllowedAction(wait.Action, wait.FirstContactAt)); // the plan's allowed actions: waiting is one
        return new Plan(history.Account.AccountId, chosen.Action, chosen.FirstContactAt, propensity, chosen.Uplift, chosen.Value,
            RiskTier(propensity), Stage(dpd), Escalation(snapshot, dpd, propensity), why, probability, strategy, _version,
            valued.Ranked, refused, allowed);
    }

    /// <summary>
    /// The candidates to value: each allowed action at its channel's chosen hour (<see cref="HourChoice"/>),
    /// waiting, and, when exploring or prescribed, the drawn or prescribed action whatever its hour.
    /// </summary>
    private (List<Candidate> Candidates, Candidate? Drawn) ToValue(AccountHistory history, DateTimeOffset asOf, float[] state,
        List<AllowedAction> allowed, List<OpenHours> open, Candidate wait, Random random, ContactAction? prescribed)
    {
        var bestHours = _hours.Best(open, state);
        // Only the actions valued get their features (each channel's contacts in the last 7 days set the intensity).
        Candidate Valued(AllowedAction a) =>
            new(a.Action, ActionFeatures.Planned(a.Action, open.Find(o => o.Channel == a.Action.Channel).History7), a.FirstContactAt);
        var candidates = new List<Candidate>(bestHours.Count * ContactAction.Cadences.Count + 8);
        foreach (var a in allowed)
            if (!bestHours.TryGetValue(a.Action.Channel, out var hour) || a.Action.Hour == hour) candidates.Add(Valued(a));
        candidates.Add(wait);

        // The exploration draws among every compliant action (or waiting), scored or not.
        Candidate? drawn = null;
        if (prescribed is null && Explores && random.NextDouble() < _options.ExplorationRate)
        {
            var pick = random.Next(allowed.Count + 1);
            drawn = pick < allowed.Count ? Valued(allowed[pick]) : wait;
            if (!candidates.Contains(drawn.Value)) candidates.Add(drawn.Value);
        }
        if (prescribed is { } wanted && !candidates.Exists(c => c.Action == wanted))
        {
            var index = allowed.FindIndex(c => c.Action == wanted);
            if (index < 0)
                throw new ArgumentException($"The prescribed action {wanted} is not among the allowed actions of {history.Account.AccountId} at {asOf:O}.");
            candidates.Add(Valued(allowed[index]));
        }
        return (candidates, drawn);
    }

    /// <summary>
    /// A plan of a version without a response model: the rules baseline's first allowed action
    /// (<see cref="RulesBaseline"/>), else waiting, with probability 1; nothing is valued, and the
    /// reasons are the features that moved the propensity most.
    /// </summary>
    private Plan PlanByRules(AccountHistory history, AccountSnapshot snapshot, ReadOnlySpan<float> state, double propensity, int dpd,
        List<AllowedAction> allowed, List<RefusedAction> refused, DateTimeOffset waitMoment, ReasonsMethod reasons)
    {
        var chosen = new AllowedAction(ContactAction.Wait, waitMoment);
        foreach (var preferred in RulesBaseline.Preferences(snapshot, history.Account.PreferredHours))
        {
            var index = allowed.FindIndex(a => a.Action == preferred);
            if (index >= 0) { chosen = allowed[index]; break; }
        }
        var why = PlanReasons.Of(reasons, _models.Propensity, state, _models.Schema.StateNames);
        allowed.Add(new AllowedAction(ContactAction.Wait, waitMoment));
        return new Plan(history.Account.AccountId, chosen.Action, chosen.FirstContactAt, propensity, null, null,
            RiskTier(propensity), Stage(dpd), Escalation(snapshot, dpd, propensity), why, 1, Planning.Plan.Rules, _version, [], refused, allowed);
    }

    private string RiskTier(double propensity) =>
        propensity < _options.HighRiskBelow ? "high" : propensity < _options.MediumRiskBelow ? "medium" : "low";

    /// <summary>The collection stage at <paramref name="dpd"/> days past due, late above the profile's <c>Compliance:LateDpd</c>.</summary>
    private string Stage(int dpd) => CollectionStage.Of(dpd, _rules.Settings.LateDpd);

    private string Escalation(AccountSnapshot snapshot, int dpd, double propensity) =>
        snapshot.Hardship ? "hardship_plan"
        : dpd > _rules.Settings.LateDpd && propensity < _options.LegalReviewBelow ? "legal_review"
        : "none";
}
