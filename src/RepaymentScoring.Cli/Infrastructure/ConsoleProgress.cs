using Spectre.Console;

namespace RepaymentScoring.Cli.Infrastructure;

/// <summary>A progress bar on a terminal; plain occasional lines when output is redirected (CI, pipes).</summary>
internal static class ConsoleProgress
{
    public static T Run<T>(string description, double total, Func<IProgress<double>, T> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            var last = -1;
            return work(new SyncProgress<double>(value =>
            {
                var percent = total <= 0 ? 100 : (int)(100 * value / total);
                if (percent / 10 == last / 10) return;
                last = percent;
                Console.Error.WriteLine($"{description}: {percent}%");
            }));
        }
        return AnsiConsole.Progress().AutoClear(false).Start(ctx =>
        {
            var task = ctx.AddTask(description, maxValue: Math.Max(total, 1));
            var result = work(new SyncProgress<double>(value => task.Value = value));
            task.Value = task.MaxValue;
            return result;
        });
    }

    /// <summary>For work of unknown size: a live count on a terminal, a line every 100,000 otherwise.</summary>
    public static T Count<T>(string description, Func<IProgress<long>, T> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            return work(new SyncProgress<long>(n =>
            {
                if (n % 100_000 == 0) Console.Error.WriteLine($"{description}: {n:N0}");
            }));
        }
        return AnsiConsole.Status().Start($"{description}...", ctx =>
            work(new SyncProgress<long>(n => ctx.Status($"{description}: {n:N0}"))));
    }
}
