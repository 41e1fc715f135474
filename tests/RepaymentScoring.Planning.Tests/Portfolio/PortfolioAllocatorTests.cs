using FsCheck;
using FsCheck.Fluent;
using RepaymentScoring.Contract.Actions;
using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Planning.Portfolio;

namespace RepaymentScoring.Planning.Tests.Portfolio;

/// <summary>Small portfolios whose optimum is found by trying every assignment.</summary>
public sealed class PortfolioAllocatorTests
{
    private static readonly string[] Channels = ["phone", "sms", "visit"];
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private sealed record Instance(IReadOnlyList<IReadOnlyList<PortfolioOption>> Options, PortfolioLimits Limits);

    private static Gen<PortfolioOption> Option =>
        from channel in Gen.Elements(Channels)
        from cadence in Gen.Elements(1, 3, 7)
        from value in Gen.Choose(-20, 200)
        from cost in Gen.Choose(0, 30)
        select new PortfolioOption(new ContactAction(channel, cadence, 10), At, value / 2.0, cost);

    private static Gen<Instance> Instances =>
        from accounts in Gen.Choose(1, 6)
        from options in Gen.Choose(0, 4).SelectMany(n => Option.ListOf(n)).ListOf(accounts)
        from phone in Gen.Choose(-1, 3)
        from sms in Gen.Choose(-1, 3)
        from visit in Gen.Choose(-1, 2)
        from budget in Gen.Choose(-1, 60)
        let capacity = new[] { ("phone", phone), ("sms", sms), ("visit", visit) }.Where(c => c.Item2 >= 0).ToDictionary(c => c.Item1, c => c.Item2)
        select new Instance(options.Select(o => (IReadOnlyList<PortfolioOption>)o.ToList()).ToList(),
            new PortfolioLimits(capacity, budget < 0 ? null : budget));

    /// <summary>The best value of any assignment within the limits, by enumeration.</summary>
    private static double Exhaustive(Instance instance)
    {
        var best = 0.0;
        var used = new Dictionary<string, int>();
        void Search(int a, double value, double spent)
        {
            if (a == instance.Options.Count)
            {
                best = Math.Max(best, value);
                return;
            }
            Search(a + 1, value, spent);
            foreach (var o in instance.Options[a])
            {
                var channel = o.Action.Channel;
                if (instance.Limits.Capacity.TryGetValue(channel, out var cap) && used.GetValueOrDefault(channel) >= cap) continue;
                if (instance.Limits.Budget is { } budget && spent + o.Cost > budget) continue;
                used[channel] = used.GetValueOrDefault(channel) + 1;
                Search(a + 1, value + o.Value, spent + o.Cost);
                used[channel]--;
            }
        }
        Search(0, 0, 0);
        return best;
    }

    private static bool WithinLimits(Instance instance, PortfolioAllocation allocation)
    {
        var chosen = allocation.Chosen.Select((k, a) => k < 0 ? (PortfolioOption?)null : instance.Options[a][k]).OfType<PortfolioOption>().ToList();
        var perChannel = chosen.GroupBy(o => o.Action.Channel).ToDictionary(g => g.Key, g => g.Count());
        return perChannel.All(c => !instance.Limits.Capacity.TryGetValue(c.Key, out var cap) || c.Value <= cap)
            && (instance.Limits.Budget is not { } budget || chosen.Sum(o => o.Cost) <= budget + 1e-9)
            && Math.Abs(chosen.Sum(o => o.Value) - allocation.Value) < 1e-9;
    }

    [Fact]
    public void The_plan_respects_every_limit_and_the_optimum_lies_within_the_proven_gap()
    {
        Prop.ForAll(Arb.From(Instances), instance =>
        {
            var allocation = PortfolioAllocator.Allocate(instance.Options, instance.Limits);
            var optimum = Exhaustive(instance);
            return WithinLimits(instance, allocation)
                && allocation.Value <= optimum + 1e-9
                && optimum <= allocation.UpperBound + 1e-9;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1500));
    }

    [Fact]
    public void On_small_portfolios_the_plan_reaches_the_exhaustive_optimum_almost_always()
    {
        var instances = Instances.Sample(2000, 25);
        var exact = 0;
        var shortfall = 0.0;
        var optimumTotal = 0.0;
        foreach (var instance in instances)
        {
            var optimum = Exhaustive(instance);
            var value = PortfolioAllocator.Allocate(instance.Options, instance.Limits).Value;
            if (value >= optimum - 1e-9) exact++;
            shortfall += optimum - value;
            optimumTotal += optimum;
        }
        // Measured (2,000 instances, tight limits on a handful of accounts): 95.4% optimal, 0.9% of the
        // optimal value lost overall. The method is a heuristic with a proven bound, not an exact solver.
        Assert.True(exact >= 0.93 * instances.Length, $"{exact} of {instances.Length} optimal");
        Assert.True(shortfall <= 0.015 * optimumTotal, $"shortfall {shortfall:0.0} of {optimumTotal:0.0}");
    }

    [Fact]
    public void Without_limits_every_account_takes_its_best_option_worth_more_than_waiting()
    {
        PortfolioOption O(string channel, double value) => new(new ContactAction(channel, 7, 10), At, value, 1);
        IReadOnlyList<IReadOnlyList<PortfolioOption>> options = [[O("phone", 5), O("sms", 9)], [O("visit", -3)], [], [O("phone", 2)]];
        var allocation = PortfolioAllocator.Allocate(options, PortfolioLimits.Unlimited);
        Assert.Equal([1, -1, -1, 0], allocation.Chosen);
        Assert.Equal(11, allocation.Value);
        Assert.Equal(0, allocation.ProvenGap);
    }

    [Fact]
    public void Limits_are_read_from_the_command_line_form_and_errors_name_the_item()
    {
        var limits = PortfolioLimits.Parse("phone=500, visit=20,sms=10000", 5000, ChannelCatalog.Default);
        Assert.Equal(500, limits.Capacity["phone"]);
        Assert.Equal(10000, limits.Capacity["sms"]);
        Assert.Equal(5000, limits.Budget);
        Assert.Contains("'fax'", Assert.Throws<ArgumentException>(() => PortfolioLimits.Parse("fax=3", null, ChannelCatalog.Default)).Message);
        Assert.Contains("'phone=-1'", Assert.Throws<ArgumentException>(() => PortfolioLimits.Parse("phone=-1", null, ChannelCatalog.Default)).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => PortfolioLimits.Parse("sms=1,sms=2", null, ChannelCatalog.Default)).Message);
        Assert.Contains("budget", Assert.Throws<ArgumentException>(() => PortfolioLimits.Parse("", -5, ChannelCatalog.Default)).Message);
    }
}
