using System.Runtime.ExceptionServices;

namespace RepaymentScoring.Planning;

/// <summary>
/// Maps a stream on several threads, a chunk at a time, and yields the results in input order: a
/// batch's output is then the same bytes whatever the thread count (each account's plan depends on
/// that account alone, its exploration draws included). The input is read lazily, one chunk ahead, so
/// memory holds two chunks, not the portfolio.
/// </summary>
public static class OrderedParallel
{
    public const int DefaultChunk = 512;

    /// <summary>Threads to use when a caller does not say: every core.</summary>
    public static int DefaultThreads => Environment.ProcessorCount;

    public static IEnumerable<TResult> Map<TSource, TResult>(IEnumerable<TSource> source, Func<TSource, TResult> map, int threads, int chunk = DefaultChunk)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        if (threads == 1)
        {
            foreach (var item in source) yield return map(item);
            yield break;
        }
        // The next chunk is read on its own thread while this one is mapped and handed out: reading
        // (grouping a file set's rows, or a store's query) and the caller's writing would otherwise
        // leave the mapping threads idle between chunks. The source is read by one thread at a time.
        using var reader = source.GetEnumerator();
        List<TSource> Read()
        {
            var items = new List<TSource>(chunk);
            while (items.Count < chunk && reader.MoveNext()) items.Add(reader.Current);
            return items;
        }
        var next = Task.Run(Read);
        try
        {
            while (true)
            {
                var items = next.GetAwaiter().GetResult();
                if (items.Count == 0) yield break;
                next = items.Count < chunk ? Task.FromResult(new List<TSource>()) : Task.Run(Read);
                var results = new TResult[items.Count];
                MapChunk(items, results, map, threads);
                foreach (var result in results) yield return result;
            }
        }
        finally
        {
            // The reader must be done before it is disposed (an early stop or a failure while mapping).
            try { next.Wait(); } catch (AggregateException) { } // its failure, if any, is not this one's cause
        }
    }

    /// <summary>One chunk in parallel; the first failure is rethrown as itself (not wrapped), so callers see the error they would single-threaded.</summary>
    private static void MapChunk<TSource, TResult>(List<TSource> items, TResult[] results, Func<TSource, TResult> map, int threads)
    {
        try
        {
            Parallel.For(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => results[i] = map(items[i]));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
