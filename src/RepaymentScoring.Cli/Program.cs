using System.CommandLine;
using RepaymentScoring.Cli.Commands;
using RepaymentScoring.Cli.Infrastructure;

// repay: the data scientists' command line. Each verb parses, calls one service, and formats.
var configuration = CliConfiguration.Load();
PlainWhenRedirected.Configure();

var root = new RootCommand("RepaymentScoring: learn contact strategies for overdue accounts from a lender's own history.")
{
    GenerateCommand.Create(),
    ImportCommand.Create(configuration),
    DbCommand.Create(configuration),
    TrainCommand.Create(configuration),
    EvaluateCommand.Create(configuration),
    ModelsCommand.Create(),
    FeaturesCommand.Create(configuration),
    ScoreCommand.Create(configuration),
    PlanCommand.Create(configuration),
    SimulateCommand.Create(configuration),
    AuditCommand.Create(configuration),
    RunsCommand.Create(configuration),
};

// Our handler reports errors in one line; the library's would print stack traces.
return CliErrors.Run(() => root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
