namespace RepaymentScoring.Api.Tests;

internal static class PlanRequests
{
    /// <summary>A valid request: an account 40 days past due in Shanghai, called a week ago.</summary>
    public const string Valid = """
    {"as_of": "2026-03-02T01:00:00Z",
     "account": {"account_id": "A1", "product": "personal_loan", "opened_on": "2023-03-01", "time_zone": "Asia/Shanghai",
                 "customer_age": 41, "employment": "employed", "income_band": "middle", "digital_engagement": 12, "bureau_score": 610},
     "snapshots": [{"as_of": "2026-03-02", "days_past_due": 40, "amount_due": 800, "balance": 2400}],
     "contacts": [{"contact_id": "C1", "contacted_at": "2026-02-23T11:00:00Z", "channel": "phone", "outcome": "no_answer", "cadence_days": 7}],
     "payments": [{"payment_id": "P1", "paid_at": "2026-02-01T10:00:00Z", "amount": 50}]}
    """;
}
