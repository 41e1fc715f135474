namespace RepaymentScoring.Planning.Tests;

/// <summary>A batch mapped on several threads comes out in input order, its input read one chunk ahead by one thread at a time, and a failure comes out as itself.</summary>
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
    public void The_input_is_read_at_most_one_chunk_ahead()
    {
        var read = 0;
        IEnumerable<int> Source()
        {
            for (var i = 0; i < 100; i++) { Interlocked.Increment(ref read); yield return i; }
        }
        using var results = OrderedParallel.Map(Source(), i => i, threads: 2, chunk: 10).GetEnumerator();
        Assert.True(results.MoveNext());
        Assert.InRange(Volatile.Read(ref read), 10, 20);
    }

    [Fact]
    public void A_failing_source_is_rethrown_as_itself()
    {
        IEnumerable<int> Source()
        {
            for (var i = 0; i < 100; i++)
                yield return i == 25 ? throw new InvalidDataException("accounts.csv line 27: bad account_id") : i;
        }
        var e = Assert.Throws<InvalidDataException>(() => OrderedParallel.Map(Source(), i => i, threads: 2, chunk: 10).ToList());
        Assert.Equal("accounts.csv line 27: bad account_id", e.Message);
    }

    [Fact]
    public void Stopping_early_disposes_the_source_after_its_reading_and_never_reads_it_from_two_threads()
    {
        var active = 0;
        var overlapped = false;
        var disposed = false;
        IEnumerable<int> Source()
        {
            try
            {
                for (var i = 0; i < 10_000; i++)
                {
                    if (Interlocked.Increment(ref active) > 1) overlapped = true;
                    Thread.SpinWait(200);
                    Interlocked.Decrement(ref active);
                    yield return i;
                }
            }
            finally
            {
                if (Volatile.Read(ref active) != 0) overlapped = true;
                disposed = true;
            }
        }
        var first = OrderedParallel.Map(Source(), i => i * 2, threads: 2, chunk: 50).Take(75).ToList();
        Assert.Equal(Enumerable.Range(0, 75).Select(i => i * 2), first);
        Assert.True(disposed);
        Assert.False(overlapped);
    }
}
