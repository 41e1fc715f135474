using System.Security.Cryptography;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Features;

namespace RepaymentScoring.Training.Data;

/// <summary>Which part of the out-of-time split a row belongs to.</summary>
public enum SplitPart { Train, Valid, Test }

/// <summary>
/// Both models' decision points with features, labels and weights, built in one pass over the
/// histories, and the out-of-time split (older rows train, newer rows test).
/// </summary>
public sealed class TrainingSet
{
    private TrainingSet(FeatureBuilder builder, FeatureMatrix propensity, FeatureMatrix response, FeatureMatrix reach, DropCounts propensityDrops,
        DropCounts responseDrops, DateTimeOffset dataEnd, int accounts)
    {
        Builder = builder;
        Propensity = propensity;
        Response = response;
        Reach = reach;
        PropensityDrops = propensityDrops;
        ResponseDrops = responseDrops;
        DataEnd = dataEnd;
        Accounts = accounts;
    }

    public FeatureBuilder Builder { get; }
    public FeatureMatrix Propensity { get; }
    public FeatureMatrix Response { get; }
    /// <summary>Calls and visits with a known answer (response layout, label = answered): the reach model's rows.</summary>
    public FeatureMatrix Reach { get; }
    public DropCounts PropensityDrops { get; }
    public DropCounts ResponseDrops { get; }
    public DateTimeOffset DataEnd { get; }
    public int Accounts { get; }
    public DateTimeOffset ValidFrom { get; private set; }
    public DateTimeOffset TestFrom { get; private set; }
    public double WeightCap { get; private set; }

    public static TrainingSet Build(IReadOnlyList<AccountHistory> histories, FeatureSchema schema, TrainingSettings settings, Action<int>? accountsDone = null)
    {
        var builder = new FeatureBuilder(schema);
        var propensity = new FeatureMatrix(schema.StateNames);
        var response = new FeatureMatrix(schema.ResponseNames);
        var reach = new FeatureMatrix(schema.ResponseNames);
        var pDrops = new DropCounts();
        var rDrops = new DropCounts();
        var dataEnd = DecisionPoints.DataEnd(histories);
        var done = 0;
        foreach (var h in histories)
        {
            var t = new AccountTimeline(h);
            foreach (var p in DecisionPoints.Propensity(t, dataEnd, settings.Labels, pDrops))
            {
                var s = h.Snapshots[p.SnapshotIndex];
                builder.WriteState(t, p.At, propensity.AddRow(new RowInfo(h.Account.AccountId, null, p.At, "", p.Label, p.Recovered, s.AmountDue, null, 1)));
            }
            foreach (var r in DecisionPoints.Response(t, dataEnd, settings.Labels, rDrops, schema.Channels))
            {
                var c = h.Contacts[r.ContactIndex];
                builder.WriteResponse(t, r.At, r.Action, response.AddRow(new RowInfo(h.Account.AccountId, c.ContactId, r.At, c.Channel, r.Label,
                    r.Recovered, r.AmountDue, c.TreatmentProbability, 1, c.Outcome is "complaint" or "opt_out", r.Action.Intensity)));
            }
            foreach (var r in DecisionPoints.Reach(t, schema.Channels, Contract.Channels.ChannelDefinition.Answered))
            {
                var c = h.Contacts[r.ContactIndex];
                builder.WriteResponse(t, r.At, r.Action, reach.AddRow(new RowInfo(h.Account.AccountId, c.ContactId, r.At, c.Channel, r.Answered, 0, 0, null, 1)));
            }
            if (++done % 1000 == 0) accountsDone?.Invoke(done);
        }
        accountsDone?.Invoke(done);
        var set = new TrainingSet(builder, propensity, response, reach, pDrops, rDrops, dataEnd, done);
        set.SplitByTime(settings);
        set.WeightByInversePropensity(settings);
        return set;
    }

    /// <summary>Cut moments at the train and validation shares of all decision times (both models share them).</summary>
    private void SplitByTime(TrainingSettings settings)
    {
        var times = Propensity.Info.Select(i => i.At.UtcTicks).Concat(Response.Info.Select(i => i.At.UtcTicks)).Order().ToArray();
        if (times.Length == 0) throw new InvalidOperationException("The data holds no labelled decision point: nothing to train on.");
        ValidFrom = new DateTimeOffset(times[(int)(times.Length * settings.TrainShare)], TimeSpan.Zero);
        TestFrom = new DateTimeOffset(times[Math.Min(times.Length - 1, (int)(times.Length * (settings.TrainShare + settings.ValidShare)))], TimeSpan.Zero);
    }

    public SplitPart PartOf(DateTimeOffset at) => at < ValidFrom ? SplitPart.Train : at < TestFrom ? SplitPart.Valid : SplitPart.Test;

    public List<int> Rows(FeatureMatrix matrix, SplitPart part)
    {
        var rows = new List<int>();
        for (var i = 0; i < matrix.Rows; i++)
            if (PartOf(matrix.Info[i].At) == part) rows.Add(i);
        return rows;
    }

    /// <summary>
    /// Response rows weigh 1/p (p = treatment_probability; rows without one weigh 1), capped, then
    /// scaled to mean 1. The cap is the largest at which the effective sample size (Σw)²/Σw² keeps at
    /// least <see cref="TrainingSettings.MinEffectiveSampleShare"/> of the rows, and never above the
    /// <see cref="TrainingSettings.WeightClipPercentile"/> percentile: a few rows with tiny logging
    /// probabilities then cannot drown the rest, while rarely taken actions still count for more.
    /// </summary>
    private void WeightByInversePropensity(TrainingSettings settings)
    {
        var raw = Response.Info.Select(i => i.InversePropensity).ToArray();
        if (raw.Length == 0) return;
        var sorted = raw.Order().ToArray();
        var ceiling = sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * settings.WeightClipPercentile))];
        double EffectiveShare(double cap)
        {
            double sum = 0, squares = 0;
            foreach (var w in raw)
            {
                var c = Math.Min(w, cap);
                sum += c;
                squares += c * c;
            }
            return sum * sum / squares / raw.Length;
        }
        // ESS falls as the cap rises: bisect on the candidate caps.
        var candidates = sorted.Where(w => w <= ceiling).Distinct().ToArray();
        int lo = 0, hi = candidates.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (EffectiveShare(candidates[mid]) >= settings.MinEffectiveSampleShare) lo = mid; else hi = mid - 1;
        }
        WeightCap = candidates.Length == 0 ? 1 : candidates[lo];
        var capped = raw.Select(w => Math.Min(w, WeightCap)).ToArray();
        var mean = capped.Average();
        for (var i = 0; i < capped.Length; i++) Response.SetWeight(i, (float)(capped[i] / mean));
    }

    /// <summary>A hash of everything the models learn from: features, labels, weights and decision times.</summary>
    public string Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var m in new[] { Propensity, Response })
        {
            for (var i = 0; i < m.Rows; i++)
            {
                hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(m.Row(i)));
                var info = m.Info[i];
                hash.AppendData(BitConverter.GetBytes(info.At.UtcTicks));
                hash.AppendData(BitConverter.GetBytes(info.Label));
                hash.AppendData(BitConverter.GetBytes(info.Weight));
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
