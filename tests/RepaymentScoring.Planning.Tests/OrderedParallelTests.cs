namespace RepaymentScoring.Planning.Tests;

/// <summary>A batch mapped on several threads comes out in input order, and a failure comes out as itself.</summary>
public sealed class OrderedParallelTests
{
    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 7)]
    [InlineData(4, 512)]
    public void Results_come_in_input_order_whatever_the_threads_and_chunk(int threads, int chunk)
    {
        // Uneven work, so that threads finish out of order.
        var results = OrderedParallel.Map(Enumerable.Range(0, 1000), i =>
        {
            if (i % 97 == 0) Thread.Sleep(1);
            return i * 3;
        }, threads, chunk).ToList();
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => i * 3), results);
    }

    [Fact]
    public void A_failure_is_rethrown_as_itself_not_wrapped()
    {
        var e = Assert.Throws<ArgumentException>(() => OrderedParallel.Map(Enumerable.Range(0, 100),
            i => i == 42 ? throw new ArgumentException("account 42 has no snapshot") : i, threads: 2, chunk: 16).ToList());
        Assert.Equal("account 42 has no snapshot", e.Message);
    }

    [Fact]
    public void The_input_is_read_a_chunk_at_a_time()
    {
        var read = 0;
        IEnumerable<int> Source()
        {
            for (var i = 0; i < 100; i++) { read++; yield return i; }
        }
        using var results = OrderedParallel.Map(Source(), i => i, threads: 2, chunk: 10).GetEnumerator();
        Assert.True(results.MoveNext());
        Assert.Equal(10, read);
    }
}
