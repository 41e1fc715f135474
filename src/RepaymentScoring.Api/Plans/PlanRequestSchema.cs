namespace RepaymentScoring.Api.Plans;

// The shape of a plan request for the OpenAPI document, so clients can be generated from it. The
// service reads bodies with PlanRequestReader, which collects every invalid field by its JSON path;
// these records only describe the contract's fields (DATA-CONTRACT.md) with its snake_case names:
// constructor parameters are required, init properties optional.

/// <summary>One account's history and the moment to plan at.</summary>
public sealed record PlanRequestBody(DateTimeOffset AsOf, AccountBody Account, IReadOnlyList<SnapshotBody> Snapshots)
{
    public IReadOnlyList<ContactBody>? Contacts { get; init; }
    public IReadOnlyList<PaymentBody>? Payments { get; init; }
}

/// <summary>accounts.csv's fields; any further string or number field is an extra feature of the lender.</summary>
public sealed record AccountBody(string AccountId, string Product, DateOnly OpenedOn, string TimeZone)
{
    public decimal? CreditLimit { get; init; }
    public decimal? OriginalPrincipal { get; init; }
    public int? CustomerAge { get; init; }
    public string? Region { get; init; }
    public string? OptedOut { get; init; }
    public string? PreferredHours { get; init; }
}

/// <summary>account_snapshots.csv's fields (account_id may be left out: it is the account's).</summary>
public sealed record SnapshotBody(DateOnly AsOf, int DaysPastDue, decimal AmountDue, decimal Balance)
{
    public bool? Hardship { get; init; }
    public DateOnly? PromiseToPayUntil { get; init; }
    public string? LegalStatus { get; init; }
    public bool? CeaseContact { get; init; }
}

/// <summary>contacts.csv's fields.</summary>
public sealed record ContactBody(string ContactId, DateTimeOffset ContactedAt, string Channel, string Outcome)
{
    public decimal? Cost { get; init; }
    public double? TreatmentProbability { get; init; }
    public string? Strategy { get; init; }
    public int? CadenceDays { get; init; }
}

/// <summary>payments.csv's fields.</summary>
public sealed record PaymentBody(string PaymentId, DateTimeOffset PaidAt, decimal Amount);
