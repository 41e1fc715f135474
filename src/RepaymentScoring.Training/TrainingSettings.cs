using System.Globalization;
using RepaymentScoring.Features;

namespace RepaymentScoring.Training;

/// <summary>Everything that decides a training run besides the data; recorded in the manifest.</summary>
public sealed record TrainingSettings
{
    public ulong Seed { get; init; } = 42;
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// The ML.NET trainer of every model (<c>--trainer</c>, <c>Training:Trainer</c>): FastTree by
    /// default, the one whose plans captured more of the oracle on the planning check (docs/validation.md).
    /// </summary>
    public TreeTrainer Trainer { get; init; } = TreeTrainer.FastTree;

    /// <summary>
    /// The propensity model: a plain well-regularised classifier, with at most 200 rounds: the
    /// validation part (the weeks right after training, the same accounts) keeps rewarding more trees
    /// than the later test weeks do, so the cap, not the validation part, bounds them (docs/validation.md).
    /// </summary>
    public TreeSettings Propensity { get; init; } = new() { Leaves = 16, MinLeafRows = 100, MaxRounds = 200 };

    /// <summary>
    /// The response model: smaller trees and more regularised, because what matters is the small
    /// difference between actions on the same state, not the level (docs/validation.md).
    /// </summary>
    public TreeSettings Response { get; init; } = new() { Leaves = 16, MaxDepth = 4, LearningRate = 0.05, MinLeafRows = 200, MinLeafHessian = 100, MaxRounds = 400 };

    /// <summary>The reach model (P(a call or visit is answered)): plentiful labels, a plain classifier that needs few rounds.</summary>
    public TreeSettings Reach { get; init; } = new() { Leaves = 32, MaxDepth = 5, MinLeafRows = 40, MinLeafHessian = 20, MaxRounds = 200 };

    /// <summary>The response model's second stage: per action-by-stage levels (<see cref="Training.ActionEffectCorrection"/>).</summary>
    public ActionEffectCorrection ActionCorrection { get; init; } = new();

    /// <summary>Share of decision points, by time, used for training; the next <see cref="ValidShare"/> for early stopping; the rest is the out-of-time test.</summary>
    public double TrainShare { get; init; } = 0.7;

    public double ValidShare { get; init; } = 0.1;

    /// <summary>
    /// After the out-of-time evaluation, fit the published models again on every labelled row (train,
    /// valid and test) with the rounds early stopping chose; the manifest's metrics stay those of the
    /// held-out fits. Off: the published models are the evaluated ones.
    /// </summary>
    public bool RefitOnAllRows { get; init; } = true;

    /// <summary>Inverse-propensity weights are never capped above this percentile of their distribution.</summary>
    public double WeightClipPercentile { get; init; } = 0.99;

    /// <summary>The weight cap keeps at least this share of the rows' effective sample size.</summary>
    public double MinEffectiveSampleShare { get; init; } = 0.5;

    public LabelSettings Labels { get; init; } = new();

    /// <summary>Cost of one contact per channel (for the policy evaluation's net value); unknown channels cost 0.</summary>
    public IReadOnlyDictionary<string, decimal> ChannelCosts { get; init; } = Contract.Channels.ChannelCatalog.DefaultCosts;

    /// <summary>Test rows the off-policy evaluation scores under every candidate action (a seeded sample beyond this).</summary>
    public int PolicyEvaluationRows { get; init; } = 20_000;

    /// <summary>Bootstrap resamples for the off-policy estimates' 95% intervals.</summary>
    public int BootstrapSamples { get; init; } = 200;

}

/// <summary>The ML.NET trainers a version can be made with.</summary>
public enum TreeTrainer
{
    /// <summary>Microsoft.ML.LightGbm: leaf-wise trees, missing values learned per split.</summary>
    LightGbm,

    /// <summary>Microsoft.ML.FastTree (MART): missing values are given a value above every other, so they take the upper branch.</summary>
    FastTree,
}

/// <summary>One model's tree-boosting options, for either trainer (the manifest records every option the trainer was given).</summary>
public sealed record TreeSettings
{
    /// <summary>Trees grown before the rounds are chosen on the validation part (its log loss).</summary>
    public int MaxRounds { get; init; } = 600;

    /// <summary>Rounds without a better validation log loss after which no later round is considered.</summary>
    public int EarlyStoppingRounds { get; init; } = 40;

    public int Leaves { get; init; } = 32;

    /// <summary>Depth limit (LightGbm; FastTree grows by leaves only).</summary>
    public int MaxDepth { get; init; } = 6;

    public double LearningRate { get; init; } = 0.08;

    /// <summary>Share of rows each tree is grown on.</summary>
    public double Subsample { get; init; } = 0.8;

    /// <summary>Share of features each tree may split on.</summary>
    public double ColumnSample { get; init; } = 0.8;

    /// <summary>Fewest training rows in a leaf.</summary>
    public int MinLeafRows { get; init; } = 20;

    /// <summary>Smallest hessian sum in a leaf (LightGbm's min_sum_hessian_in_leaf): rare outcomes need more rows.</summary>
    public double MinLeafHessian { get; init; } = 10;

    /// <summary>L2 penalty on leaf values (LightGbm).</summary>
    public double L2 { get; init; } = 1;
}
