namespace RepaymentScoring.Cli.Infrastructure;

/// <summary>
/// Reports on the calling thread: <see cref="System.Progress{T}"/> posts to the thread pool, so
/// its reports arrive late and out of order in a console program.
/// </summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
