namespace RepaymentScoring.Simulation.Engine;

/// <summary>
/// SplitMix64: tiny, fast and the same on every platform and .NET version, so a seed always gives
/// the same bytes. One stream per account keeps accounts independent of each other's draws.
/// </summary>
public sealed class SimRandom(ulong seed)
{
    private ulong _state = seed;

    public static SimRandom For(ulong seed, ulong stream, ulong substream = 0) =>
        new(Mix(Mix(seed ^ 0x9E3779B97F4A7C15UL) ^ Mix(stream + 0xD1B54A32D192ED03UL) ^ Mix(substream * 0x94D049BB133111EBUL + 1)));

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public int Next(int maxExclusive) => (int)(NextDouble() * maxExclusive);

    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    public bool Chance(double p) => NextDouble() < p;

    public double Normal()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
