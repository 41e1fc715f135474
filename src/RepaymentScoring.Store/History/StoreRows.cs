using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Store.Connection;

namespace RepaymentScoring.Store.History;

// Dapper targets: temporal and decimal columns arrive as each provider stores them, DbValue reads both.
#pragma warning disable CA1812 // instantiated by Dapper
internal sealed class AccountRow
{
    public string AccountId { get; set; } = "";
    public string Product { get; set; } = "";
    public object OpenedOn { get; set; } = "";
    public object? CreditLimit { get; set; }
    public object? OriginalPrincipal { get; set; }
    public long? CustomerAge { get; set; }
    public string? Region { get; set; }
    public string TimeZone { get; set; } = "";
    public string OptedOut { get; set; } = "";
    public string? PreferredHours { get; set; }

    public Account ToAccount(IReadOnlyDictionary<string, string> features) => new(
        AccountId, Product, DbValue.Date(OpenedOn), DbValue.NullableDecimal(CreditLimit), DbValue.NullableDecimal(OriginalPrincipal),
        (int?)CustomerAge, Region, TimeZone,
        OptedOut.Split(';', StringSplitOptions.RemoveEmptyEntries),
        HourRange.TryParse(PreferredHours, out var h, out _) ? h : null,
        features);
}

internal sealed class FeatureRow
{
    public string AccountId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
}

internal sealed class SnapshotRow
{
    public string AccountId { get; set; } = "";
    public object AsOf { get; set; } = "";
    public long DaysPastDue { get; set; }
    public object AmountDue { get; set; } = "";
    public object Balance { get; set; } = "";
    public object Hardship { get; set; } = false;
    public object? PromiseToPayUntil { get; set; }
    public string LegalStatus { get; set; } = "";
    public object CeaseContact { get; set; } = false;

    public AccountSnapshot ToSnapshot() => new(AccountId, DbValue.Date(AsOf), (int)DaysPastDue, DbValue.Decimal(AmountDue),
        DbValue.Decimal(Balance), DbValue.Bool(Hardship), DbValue.NullableDate(PromiseToPayUntil), LegalStatus, DbValue.Bool(CeaseContact));
}

internal sealed class ContactRow
{
    public string ContactId { get; set; } = "";
    public string AccountId { get; set; } = "";
    public object ContactedAt { get; set; } = "";
    public string Channel { get; set; } = "";
    public string Outcome { get; set; } = "";
    public object? Cost { get; set; }
    public double? TreatmentProbability { get; set; }
    public string? Strategy { get; set; }
    public long? CadenceDays { get; set; }

    public Contact ToContact() => new(ContactId, AccountId, DbValue.Timestamp(ContactedAt), Channel, Outcome,
        DbValue.NullableDecimal(Cost), TreatmentProbability, Strategy, (int?)CadenceDays);
}

internal sealed class PaymentRow
{
    public string PaymentId { get; set; } = "";
    public string AccountId { get; set; } = "";
    public object PaidAt { get; set; } = "";
    public object Amount { get; set; } = "";

    public Payment ToPayment() => new(PaymentId, AccountId, DbValue.Timestamp(PaidAt), DbValue.Decimal(Amount));
}
#pragma warning restore CA1812

/// <summary>Column lists for bulk writes, shared by both dialects.</summary>
internal static class StoreColumns
{
    public static readonly ColumnSpec<Account>[] Accounts =
    [
        new("account_id", ColumnType.Text, a => a.AccountId),
        new("product", ColumnType.Text, a => a.Product),
        new("opened_on", ColumnType.Date, a => a.OpenedOn),
        new("credit_limit", ColumnType.Decimal, a => a.CreditLimit),
        new("original_principal", ColumnType.Decimal, a => a.OriginalPrincipal),
        new("customer_age", ColumnType.Integer, a => a.CustomerAge),
        new("region", ColumnType.Text, a => a.Region),
        new("time_zone", ColumnType.Text, a => a.TimeZone),
        new("opted_out", ColumnType.Text, a => string.Join(';', a.OptedOut)),
        new("preferred_hours", ColumnType.Text, a => a.PreferredHours?.ToString()),
    ];

    public static readonly ColumnSpec<(string AccountId, string Name, string Value)>[] Features =
    [
        new("account_id", ColumnType.Text, f => f.AccountId),
        new("name", ColumnType.Text, f => f.Name),
        new("value", ColumnType.Text, f => f.Value),
    ];

    public static readonly ColumnSpec<AccountSnapshot>[] Snapshots =
    [
        new("account_id", ColumnType.Text, s => s.AccountId),
        new("as_of", ColumnType.Date, s => s.AsOf),
        new("days_past_due", ColumnType.Integer, s => s.DaysPastDue),
        new("amount_due", ColumnType.Decimal, s => s.AmountDue),
        new("balance", ColumnType.Decimal, s => s.Balance),
        new("hardship", ColumnType.Bool, s => s.Hardship),
        new("promise_to_pay_until", ColumnType.Date, s => s.PromiseToPayUntil),
        new("legal_status", ColumnType.Text, s => s.LegalStatus),
        new("cease_contact", ColumnType.Bool, s => s.CeaseContact),
    ];

    public static readonly ColumnSpec<Contact>[] Contacts =
    [
        new("contact_id", ColumnType.Text, c => c.ContactId),
        new("account_id", ColumnType.Text, c => c.AccountId),
        new("contacted_at", ColumnType.Timestamp, c => c.ContactedAt),
        new("channel", ColumnType.Text, c => c.Channel),
        new("outcome", ColumnType.Text, c => c.Outcome),
        new("cost", ColumnType.Decimal, c => c.Cost),
        new("treatment_probability", ColumnType.Real, c => c.TreatmentProbability),
        new("strategy", ColumnType.Text, c => c.Strategy),
        new("cadence_days", ColumnType.Integer, c => c.CadenceDays),
    ];

    public static readonly ColumnSpec<Payment>[] Payments =
    [
        new("payment_id", ColumnType.Text, p => p.PaymentId),
        new("account_id", ColumnType.Text, p => p.AccountId),
        new("paid_at", ColumnType.Timestamp, p => p.PaidAt),
        new("amount", ColumnType.Decimal, p => p.Amount),
    ];
}
