using System.Runtime.ExceptionServices;

namespace RepaymentScoring.Planning;

/// <summary>
/// Maps a stream on several threads, a chunk at a time, and yields the results in input order: a
/// batch's output is then the same bytes whatever the thread count (each account's plan depends on
/// that account alone, its exploration draws included). The input is read lazily, so memory holds
/// one chunk, not the portfolio.
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
        var items = new List<TSource>(chunk);
        var results = new TResult[chunk];
        foreach (var item in source)
        {
            items.Add(item);
            if (items.Count < chunk) continue;
            MapChunk(items, results, map, threads);
            for (var i = 0; i < items.Count; i++) yield return results[i];
            items.Clear();
        }
        if (items.Count == 0) yield break;
        MapChunk(items, results, map, threads);
        for (var i = 0; i < items.Count; i++) yield return results[i];
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
