using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Csv;

namespace RepaymentScoring.Contract.Tests.Csv;

public sealed class ContractCsvReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("repay-csv-").FullName;
    private readonly ContractCsvReader _reader = new(ChannelCatalog.Default);

    private void Write(string file, params string[] lines) => File.WriteAllLines(Path.Combine(_folder, file), lines);

    private void WriteValidSet()
    {
        Write("accounts.csv",
            "Account_ID,product,opened_on,credit_limit,original_principal,customer_age,region,time_zone,opted_out,preferred_hours,segment,score",
            "A1,credit_card,2024-01-02,5000,,34,north,Asia/Shanghai,sms;email,18-20,gold,710",
            "A2,bnpl,2025-06-30,,400.50,,\"south, coast\",America/Chicago,,,silver,");
        Write("account_snapshots.csv",
            "account_id,as_of,days_past_due,amount_due,balance,hardship,promise_to_pay_until,legal_status,cease_contact",
            "A1,2026-03-01,12,120.00,4800,false,,none,",
            "A2,2026-03-01,40,100,300,true,2026-03-05,,false");
        Write("contacts.csv",
            "contact_id,account_id,contacted_at,channel,outcome,cost,treatment_probability,strategy",
            "C1,A1,2026-03-02T19:40:00+08:00,phone,promise_to_pay,2.5,0.8,champion",
            "C2,A2,2026-03-02T10:00:00Z,none,none,,0.25,explore");
        Write("payments.csv", "payment_id,account_id,paid_at,amount", "P1,A1,2026-03-04T08:00:00+08:00,60");
    }

    [Fact]
    public void Reads_a_valid_set_with_case_insensitive_columns_and_extra_features()
    {
        WriteValidSet();
        var data = _reader.ReadFolder(_folder);
        Assert.Equal(2, data.Accounts.Count);
        Assert.Equal(["segment", "score"], data.FeatureColumns);
        var a1 = data.Accounts[0].Row;
        Assert.Equal(["sms", "email"], a1.OptedOut);
        Assert.True(a1.PreferredHours!.Value.Contains(20));
        Assert.Equal("710", a1.Features["score"]);
        Assert.False(data.Accounts[1].Row.Features.ContainsKey("score"));
        Assert.Equal("south, coast", data.Accounts[1].Row.Region);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 19, 40, 0, TimeSpan.FromHours(8)), data.Contacts[0].Row.ContactedAt);
        Assert.Equal(3, data.Contacts[0].Line + 1);
        Assert.True(data.Snapshots[1].Row.Hardship);
        Assert.Equal("none", data.Snapshots[1].Row.LegalStatus);
    }

    [Fact]
    public void Every_offending_field_is_reported_with_file_line_and_column()
    {
        WriteValidSet();
        Write("contacts.csv",
            "contact_id,account_id,contacted_at,channel,outcome,cost,treatment_probability,strategy",
            "C1,A1,2026-03-02 19:40,phone,no_answer,,,",
            "C2,A1,2026-03-02T19:40:00+08:00,pigeon,none,,,",
            "C3,NOPE,2026-03-02T19:40:00+08:00,sms,delivered,,,",
            "C4,A1,2026-03-02T19:40:00+08:00,sms,promise_to_pay,-1,1.5,",
            "C4,A1,2026-03-02T19:40:00+08:00,sms,delivered,,,");
        var e = Assert.Throws<ContractViolationException>(() => _reader.ReadFolder(_folder));
        var lines = e.Errors.Select(x => x.ToString()).ToList();
        Assert.Contains(lines, l => l.StartsWith("contacts.csv:2: contacted_at:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("contacts.csv:3: channel: 'pigeon'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("contacts.csv:4: account_id: unknown account 'NOPE'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("contacts.csv:5: outcome:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("contacts.csv:5: cost:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("contacts.csv:5: treatment_probability:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("contacts.csv:6: contact_id: 'C4' appears more than once", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_required_column_and_an_invalid_time_zone_are_named()
    {
        WriteValidSet();
        Write("accounts.csv", "account_id,product,time_zone", "A1,credit_card,Mars/Olympus");
        var e = Assert.Throws<ContractViolationException>(() => _reader.ReadFolder(_folder));
        Assert.Contains(e.Errors, x => x is { File: "accounts.csv", Line: 1, Column: "opened_on" });
        Write("accounts.csv", "account_id,product,opened_on,time_zone", "A1,credit_card,2024-01-01,Mars/Olympus");
        e = Assert.Throws<ContractViolationException>(() => _reader.ReadFolder(_folder));
        Assert.Contains(e.Errors, x => x is { File: "accounts.csv", Line: 2, Column: "time_zone" });
    }

    [Fact]
    public void A_windows_time_zone_name_and_a_date_beyond_the_supported_years_are_refused()
    {
        WriteValidSet();
        Write("accounts.csv", "account_id,product,opened_on,time_zone", "A1,credit_card,2024-01-01,China Standard Time", "A2,bnpl,9999-12-01,UTC");
        var e = Assert.Throws<ContractViolationException>(() => _reader.ReadFolder(_folder));
        Assert.Contains(e.Errors, x => x is { File: "accounts.csv", Line: 2, Column: "time_zone" });
        Assert.Contains(e.Errors, x => x is { File: "accounts.csv", Line: 3, Column: "opened_on" } && x.Reason.Contains("1900..2199", StringComparison.Ordinal));
        Assert.True(ContractFormat.IsIanaTimeZone("UTC") && ContractFormat.IsIanaTimeZone("Asia/Shanghai"));
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_refused_naming_the_line_of_the_first_bad_byte()
    {
        WriteValidSet();
        var latin1 = System.Text.Encoding.Latin1;
        File.WriteAllBytes(Path.Combine(_folder, "accounts.csv"), latin1.GetBytes(
            "account_id,product,opened_on,region,time_zone\nA1,credit_card,2024-01-02,north,UTC\nA2,bnpl,2025-06-30,Z\u00fcrich,UTC\n"));
        var e = Assert.Throws<ContractViolationException>(() => _reader.ReadFolder(_folder));
        var error = Assert.Single(e.Errors, x => x.File == "accounts.csv");
        Assert.Equal(3, error.Line);
        Assert.Contains("UTF-8", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nul_byte_and_an_overlong_field_are_contract_errors_not_stored_text()
    {
        WriteValidSet();
        Write("accounts.csv", "account_id,product,opened_on,region,time_zone",
            "A1,credit_card,2024-01-02,nor\0th,UTC",
            $"A2,bnpl,2025-06-30,{new string('x', ContractFormat.MaxTextLength + 1)},UTC");
        var e = Assert.Throws<ContractViolationException>(() => _reader.ReadFolder(_folder));
        Assert.Contains(e.Errors, x => x is { File: "accounts.csv", Line: 2, Column: "region" } && x.Reason.Contains("U+0000", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x is { File: "accounts.csv", Line: 3, Column: "region" } && x.Reason.Contains("longer than", StringComparison.Ordinal));
        // A field of megabytes stops the read at the cap instead of being held whole.
        Write("accounts.csv", "account_id,product,opened_on,region,time_zone", $"A1,credit_card,2024-01-02,{new string('y', 5_000_000)},UTC");
        e = Assert.Throws<ContractViolationException>(() => _reader.ReadFolder(_folder));
        Assert.Contains(e.Errors, x => x is { File: "accounts.csv", Line: 2 });
    }

    [Fact]
    public void References_may_point_to_accounts_already_stored()
    {
        Write("payments.csv", "payment_id,account_id,paid_at,amount", "P1,STORED,2026-03-04T08:00:00+08:00,60", "P2,GONE,2026-03-04T08:00:00+08:00,60");
        var e = Assert.Throws<ContractViolationException>(() => _reader.ReadFolder(_folder, id => id == "STORED"));
        Assert.Equal("payments.csv:3: account_id: unknown account 'GONE'", Assert.Single(e.Errors).ToString());
    }

    [Fact]
    public void Report_lists_the_first_hundred_errors_then_counts_the_rest()
    {
        Write("accounts.csv", ["account_id,product,opened_on,time_zone", .. Enumerable.Range(0, 150).Select(i => $"A{i},boat,2024-01-01,UTC")]);
        var e = Assert.Throws<ContractViolationException>(() => _reader.ReadFolder(_folder));
        var report = e.Report().Split(Environment.NewLine);
        Assert.Equal(101, report.Length);
        Assert.Equal("... and 50 more error(s)", report[^1]);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
