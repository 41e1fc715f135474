using Spectre.Console;

namespace RepaymentScoring.Cli.Infrastructure;

/// <summary>
/// Output to a file or a pipe is plain text without colour codes and is not wrapped, so a version id
/// or a table row can be copied or parsed; a terminal keeps colours and its width (COLUMNS when set).
/// </summary>
internal static class PlainWhenRedirected
{
    /// <summary>Wide enough for any row; a redirected table is never wrapped.</summary>
    private const int UnwrappedWidth = 4096;

    public static void Configure()
    {
        if (!Console.IsOutputRedirected)
        {
            if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0)
                AnsiConsole.Profile.Width = columns;
            return;
        }
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        AnsiConsole.Profile.Width = UnwrappedWidth;
    }
}
