namespace RepaymentScoring.Planning;

/// <summary>A stream for plans that must not draw: any draw fails loudly rather than quietly breaking reproducibility.</summary>
internal sealed class NoDrawsRandom : Random
{
    public static readonly NoDrawsRandom Instance = new();

    private NoDrawsRandom() : base(0) { }

    protected override double Sample() => throw Drawn();
    public override int Next() => throw Drawn();
    public override int Next(int maxValue) => throw Drawn();
    public override int Next(int minValue, int maxValue) => throw Drawn();
    public override double NextDouble() => throw Drawn();
    public override long NextInt64() => throw Drawn();
    public override long NextInt64(long maxValue) => throw Drawn();
    public override long NextInt64(long minValue, long maxValue) => throw Drawn();
    public override float NextSingle() => throw Drawn();
    public override void NextBytes(byte[] buffer) => throw Drawn();
    public override void NextBytes(Span<byte> buffer) => throw Drawn();

    private static InvalidOperationException Drawn() => new("A plan without exploration drew a random number: plans would no longer be reproducible.");
}
