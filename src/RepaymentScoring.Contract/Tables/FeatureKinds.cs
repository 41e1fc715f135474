using RepaymentScoring.Contract.Csv;

namespace RepaymentScoring.Contract.Tables;

/// <summary>The kind of an extra account column (DATA-CONTRACT.md): numeric if every non-empty value is a number, else categorical.</summary>
public static class FeatureKinds
{
    public const string Numeric = "numeric";
    public const string Categorical = "categorical";

    public static string Infer(IEnumerable<Account> accounts, string column) =>
        accounts.All(a => !a.Features.TryGetValue(column, out var v) || ContractFormat.IsNumber(v)) ? Numeric : Categorical;

    public static Dictionary<string, string> Infer(IReadOnlyCollection<Account> accounts, IEnumerable<string> columns) =>
        columns.ToDictionary(c => c, c => Infer(accounts, c), StringComparer.Ordinal);
}
