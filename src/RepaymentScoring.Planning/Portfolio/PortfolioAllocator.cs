using RepaymentScoring.Contract.Actions;

namespace RepaymentScoring.Planning.Portfolio;

/// <summary>One way to treat one account: an allowed action, its expected net value and its contact cost over the week.</summary>
public readonly record struct PortfolioOption(ContactAction Action, DateTimeOffset FirstContactAt, double Value, double Cost);

/// <summary>
/// The chosen option per account (-1: wait), the plan's value, and an upper bound on the value of
/// any plan within the limits: the optimum lies in [Value, UpperBound].
/// </summary>
public sealed record PortfolioAllocation(IReadOnlyList<int> Chosen, double Value, double UpperBound, double Spent,
    IReadOnlyDictionary<string, int> AccountsByChannel)
{
    /// <summary>How far below the optimum the plan can be, at most.</summary>
    public double ProvenGap => Math.Max(0, UpperBound - Value);
}

/// <summary>
/// Assigns one option (or waiting) to every account to maximise total value within per-channel
/// capacities and a budget: a multiple-choice knapsack with several constraints. Lagrangian
/// relaxation prices each limit (channel prices by exact coordinate minimisation, the budget price
/// by bisection); any prices give an upper bound on the optimum, and a greedy pass in priced order,
/// then single-account upgrades, builds a feasible plan. The reported gap is proven, not estimated.
/// </summary>
public static class PortfolioAllocator
{
    private const double Epsilon = 1e-9;

    public static PortfolioAllocation Allocate(IReadOnlyList<IReadOnlyList<PortfolioOption>> options, PortfolioLimits limits, int rounds = 40)
    {
        var problem = new Problem(options, limits);
        var prices = new Prices(new double[problem.Channels.Length], 0);
        var bound = problem.Bound(prices);
        var best = problem.Greedy(prices);
        for (var round = 0; round < rounds && !limits.IsUnlimited; round++)
        {
            var next = problem.Improve(prices);
            var nextBound = problem.Bound(next);
            bound = Math.Min(bound, nextBound);
            var plan = problem.Greedy(next);
            if (problem.ValueOf(plan) > problem.ValueOf(best)) best = plan;
            if (next.Equals(prices, Epsilon)) break;
            prices = next;
        }
        var value = problem.ValueOf(best);
        var byChannel = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var spent = 0.0;
        for (var a = 0; a < best.Length; a++)
        {
            if (best[a] < 0) continue;
            var o = options[a][best[a]];
            byChannel[o.Action.Channel] = byChannel.GetValueOrDefault(o.Action.Channel) + 1;
            spent += o.Cost;
        }
        return new PortfolioAllocation(best, value, Math.Max(bound, value), spent, byChannel);
    }

    private sealed record Prices(double[] Channel, double Budget)
    {
        public bool Equals(Prices other, double tolerance) =>
            Math.Abs(Budget - other.Budget) <= tolerance && Channel.Zip(other.Channel).All(p => Math.Abs(p.First - p.Second) <= tolerance);
    }

    private sealed class Problem
    {
        private readonly IReadOnlyList<IReadOnlyList<PortfolioOption>> _options;
        private readonly int[][] _channelOf; // per account and option: index into Channels, -1 when the channel has no capacity
        private readonly int[] _capacity;
        private readonly double? _budget;

        public Problem(IReadOnlyList<IReadOnlyList<PortfolioOption>> options, PortfolioLimits limits)
        {
            _options = options;
            Channels = limits.Capacity.Keys.Order(StringComparer.Ordinal).ToArray();
            _capacity = Channels.Select(c => limits.Capacity[c]).ToArray();
            _budget = limits.Budget;
            var index = Channels.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
            _channelOf = options.Select(list => list.Select(o => index.TryGetValue(o.Action.Channel, out var i) ? i : -1).ToArray()).ToArray();
        }

        public string[] Channels { get; }

        private double Priced(int a, int k, Prices p, int skipChannel = -1)
        {
            var o = _options[a][k];
            var c = _channelOf[a][k];
            return o.Value - (c >= 0 && c != skipChannel ? p.Channel[c] : 0) - p.Budget * o.Cost;
        }

        /// <summary>The Lagrangian dual: an upper bound on any feasible plan's value, for any prices of 0 or more.</summary>
        public double Bound(Prices p)
        {
            var total = p.Budget * (_budget ?? 0);
            for (var c = 0; c < Channels.Length; c++) total += p.Channel[c] * _capacity[c];
            for (var a = 0; a < _options.Count; a++)
            {
                var best = 0.0;
                for (var k = 0; k < _options[a].Count; k++) best = Math.Max(best, Priced(a, k, p));
                total += best;
            }
            return total;
        }

        /// <summary>One round of exact coordinate minimisation of the dual: each channel's price, then the budget's.</summary>
        public Prices Improve(Prices current)
        {
            var channel = (double[])current.Channel.Clone();
            var p = current with { Channel = channel };
            var diffs = new List<double>(_options.Count);
            for (var c = 0; c < Channels.Length; c++)
            {
                // With the other prices fixed, the dual falls while more than capacity accounts prefer
                // channel c: its price is the (capacity+1)-th largest margin of c over the rest.
                diffs.Clear();
                for (var a = 0; a < _options.Count; a++)
                {
                    double inC = double.NegativeInfinity, other = 0;
                    for (var k = 0; k < _options[a].Count; k++)
                    {
                        var v = Priced(a, k, p, skipChannel: c);
                        if (_channelOf[a][k] == c) inC = Math.Max(inC, v);
                        else other = Math.Max(other, v);
                    }
                    if (inC > other) diffs.Add(inC - other);
                }
                if (diffs.Count <= _capacity[c]) channel[c] = 0;
                else
                {
                    diffs.Sort((x, y) => y.CompareTo(x));
                    channel[c] = Math.Max(0, diffs[_capacity[c]]);
                }
            }
            if (_budget is not { } budget) return p;
            if (Spend(p with { Budget = 0 }) <= budget) return p with { Budget = 0 };
            double lo = 0, hi = 1;
            while (Spend(p with { Budget = hi }) > budget && hi < 1e12) hi *= 2;
            for (var i = 0; i < 60; i++)
            {
                var mid = (lo + hi) / 2;
                if (Spend(p with { Budget = mid }) > budget) lo = mid; else hi = mid;
            }
            return p with { Budget = hi };
        }

        /// <summary>What the accounts' priced favourites would spend.</summary>
        private double Spend(Prices p)
        {
            var total = 0.0;
            for (var a = 0; a < _options.Count; a++)
            {
                double best = 0, cost = 0;
                for (var k = 0; k < _options[a].Count; k++)
                {
                    var v = Priced(a, k, p);
                    if (v > best) (best, cost) = (v, _options[a][k].Cost);
                }
                total += cost;
            }
            return total;
        }

        public double ValueOf(int[] chosen)
        {
            var total = 0.0;
            for (var a = 0; a < chosen.Length; a++)
                if (chosen[a] >= 0) total += _options[a][chosen[a]].Value;
            return total;
        }

        /// <summary>A feasible plan: options taken in priced order while their channel and the budget have room, then single-account upgrades.</summary>
        public int[] Greedy(Prices p)
        {
            var pairs = new List<(int Account, int Option, double Priced, double Value)>();
            for (var a = 0; a < _options.Count; a++)
                for (var k = 0; k < _options[a].Count; k++)
                    if (_options[a][k].Value > 0)
                        pairs.Add((a, k, Priced(a, k, p), _options[a][k].Value));
            pairs.Sort((x, y) => y.Priced != x.Priced ? y.Priced.CompareTo(x.Priced)
                : y.Value != x.Value ? y.Value.CompareTo(x.Value)
                : x.Account != y.Account ? x.Account.CompareTo(y.Account) : x.Option.CompareTo(y.Option));
            var chosen = Enumerable.Repeat(-1, _options.Count).ToArray();
            var room = (int[])_capacity.Clone();
            var spent = 0.0;
            foreach (var (a, k, _, _) in pairs)
            {
                if (chosen[a] >= 0 || !Fits(a, k, room, spent)) continue;
                Take(a, k, chosen, room, ref spent);
            }
            // Upgrades: an account moves to a better option when freeing its own makes room.
            for (var pass = 0; pass < 3; pass++)
            {
                var moved = false;
                for (var a = 0; a < _options.Count; a++)
                {
                    var current = chosen[a];
                    var currentValue = current >= 0 ? _options[a][current].Value : 0;
                    if (current >= 0) Release(a, current, room, ref spent);
                    var bestK = current;
                    var bestValue = currentValue;
                    for (var k = 0; k < _options[a].Count; k++)
                        if (_options[a][k].Value > bestValue + Epsilon && Fits(a, k, room, spent))
                            (bestK, bestValue) = (k, _options[a][k].Value);
                    chosen[a] = -1;
                    if (bestK >= 0) Take(a, bestK, chosen, room, ref spent);
                    moved |= bestK != current;
                }
                if (!moved) break;
            }
            return chosen;
        }

        private bool Fits(int a, int k, int[] room, double spent)
        {
            var c = _channelOf[a][k];
            return (c < 0 || room[c] > 0) && (_budget is not { } b || spent + _options[a][k].Cost <= b + Epsilon);
        }

        private void Take(int a, int k, int[] chosen, int[] room, ref double spent)
        {
            chosen[a] = k;
            if (_channelOf[a][k] is var c and >= 0) room[c]--;
            spent += _options[a][k].Cost;
        }

        private void Release(int a, int k, int[] room, ref double spent)
        {
            if (_channelOf[a][k] is var c and >= 0) room[c]++;
            spent -= _options[a][k].Cost;
        }
    }
}
