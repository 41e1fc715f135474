using Npgsql;
using RepaymentScoring.Contract.Csv;

namespace RepaymentScoring.Cli.Infrastructure;

/// <summary>A mistake in the command line or its inputs: reported in one line, without a stack trace.</summary>
internal sealed class UserError(string message) : Exception(message);

/// <summary>Turns failures into exit codes and short messages on stderr.</summary>
internal static class CliErrors
{
    public const int Failure = 1;
    public const int InvalidInput = 2;

    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (ContractViolationException e)
        {
            Console.Error.WriteLine(e.Report());
            Console.Error.WriteLine($"error: {e.Errors.Count} problem(s) in the input; nothing was stored.");
            return InvalidInput;
        }
        catch (Exception e) when (e is UserError or ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return Failure;
        }
        catch (Exception e) when (e is NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"error: the store failed: {e.Message}");
            return Failure;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("REPAY_DEBUG") != "1")
        {
            Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message} (set REPAY_DEBUG=1 for the stack trace)");
            return Failure;
        }
    }
}
