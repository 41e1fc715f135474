namespace RepaymentScoring.Contract.Csv;

/// <summary>The contract's file and column names.</summary>
public static class ContractFiles
{
    public const string Accounts = "accounts.csv";
    public const string Snapshots = "account_snapshots.csv";
    public const string Contacts = "contacts.csv";
    public const string Payments = "payments.csv";

    public static readonly string[] AccountColumns =
        ["account_id", "product", "opened_on", "credit_limit", "original_principal", "customer_age", "region", "time_zone", "opted_out", "preferred_hours"];
    public static readonly string[] SnapshotColumns =
        ["account_id", "as_of", "days_past_due", "amount_due", "balance", "hardship", "promise_to_pay_until", "legal_status", "cease_contact"];
    public static readonly string[] ContactColumns =
        ["contact_id", "account_id", "contacted_at", "channel", "outcome", "cost", "treatment_probability", "strategy", "cadence_days"];
    public static readonly string[] PaymentColumns = ["payment_id", "account_id", "paid_at", "amount"];

    /// <summary>True when the folder holds at least one of the four contract files.</summary>
    public static bool IsContractFolder(string path) =>
        Directory.Exists(path) && new[] { Accounts, Snapshots, Contacts, Payments }.Any(f => File.Exists(Path.Combine(path, f)));
}
