namespace RepaymentScoring.Contract.Tables;

/// <summary>One row of accounts.csv (DATA-CONTRACT.md). Extra columns are customer features.</summary>
public sealed record Account(
    string AccountId,
    string Product,
    DateOnly OpenedOn,
    decimal? CreditLimit,
    decimal? OriginalPrincipal,
    int? CustomerAge,
    string? Region,
    string TimeZone,
    IReadOnlyList<string> OptedOut,
    HourRange? PreferredHours,
    IReadOnlyDictionary<string, string> Features)
{
    public static readonly IReadOnlyList<string> Products = ["credit_card", "personal_loan", "auto_loan", "bnpl", "other"];

    /// <summary>The customer ages the contract accepts (customer_age), inclusive.</summary>
    public const int MinAge = 18, MaxAge = 120;
}

/// <summary>The account's state at 00:00 of local day <see cref="AsOf"/>, before that day's events.</summary>
public sealed record AccountSnapshot(
    string AccountId,
    DateOnly AsOf,
    int DaysPastDue,
    decimal AmountDue,
    decimal Balance,
    bool Hardship,
    DateOnly? PromiseToPayUntil,
    string LegalStatus,
    bool CeaseContact)
{
}

public static class LegalStatuses
{
    public static readonly IReadOnlyList<string> All = [None, PreLegal, Litigation];

    public const string None = "none";
    public const string PreLegal = "pre_legal";
    public const string Litigation = "litigation";
}

/// <summary>
/// A contact attempt, or a logged decision to wait (channel <c>none</c>). <see cref="CadenceDays"/>
/// (optional, contract v1.1) is the cadence the strategy planned when it chose this contact.
/// </summary>
public sealed record Contact(
    string ContactId,
    string AccountId,
    DateTimeOffset ContactedAt,
    string Channel,
    string Outcome,
    decimal? Cost,
    double? TreatmentProbability,
    string? Strategy,
    int? CadenceDays = null);

public sealed record Payment(string PaymentId, string AccountId, DateTimeOffset PaidAt, decimal Amount);
