using RepaymentScoring.ExternalValidation;

// External validation on public data nobody here wrote (read in place, never copied):
//   repay-validate [datasets folder]   (default ../shared/datasets)
var folder = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "datasets");
if (!Directory.Exists(folder))
{
    Console.Error.WriteLine($"No datasets folder at '{folder}': external validation is optional and needs ../shared/datasets (UCI_Credit_Card.csv, hillstrom.csv).");
    return 3;
}
var ran = false;
if (File.Exists(Path.Combine(folder, "UCI_Credit_Card.csv")))
{
    CreditDefaultValidation.Run(Path.Combine(folder, "UCI_Credit_Card.csv"), Console.Out);
    ran = true;
}
else Console.WriteLine("UCI_Credit_Card.csv absent: credit-default validation skipped.");
if (File.Exists(Path.Combine(folder, "hillstrom.csv")))
{
    HillstromValidation.Run(Path.Combine(folder, "hillstrom.csv"), Console.Out);
    ran = true;
}
else Console.WriteLine("hillstrom.csv absent: uplift validation skipped.");
return ran ? 0 : 3;
