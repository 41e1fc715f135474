using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Csv;
using RepaymentScoring.Contract.Tables;

namespace RepaymentScoring.Contract.Tests.Csv;

public sealed class ContractCsvWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("repay-csvw-").FullName;

    [Fact]
    public void Written_rows_read_back_equal()
    {
        var account = new Account("A,1", "auto_loan", new DateOnly(2023, 5, 1), null, 12000.5m, 51, "say \"hi\"", "America/New_York",
            ["sms"], new HourRange(9, 12), new Dictionary<string, string> { ["segment"] = "x" });
        var snapshot = new AccountSnapshot("A,1", new DateOnly(2026, 1, 5), 33, 410.25m, 9000m, true, new DateOnly(2026, 1, 9), "pre_legal", false);
        var contact = new Contact("C1", "A,1", new DateTimeOffset(2026, 1, 6, 10, 0, 0, TimeSpan.FromHours(-5)), "email", "opened", 0.01m, 0.125, "explore");
        var payment = new Payment("P1", "A,1", new DateTimeOffset(2026, 1, 7, 10, 0, 0, 500, TimeSpan.FromHours(-5)), 102.57m);
        using (var writer = new ContractCsvWriter(_folder, ["segment"]))
        {
            writer.Write(account);
            writer.Write(snapshot);
            writer.Write(contact);
            writer.Write(payment);
            writer.Complete();
        }
        var data = new ContractCsvReader(ChannelCatalog.Default).ReadFolder(_folder);
        var read = data.Accounts.Single().Row;
        Assert.Equal(account with { OptedOut = read.OptedOut, Features = read.Features }, read);
        Assert.Equal(account.OptedOut, read.OptedOut);
        Assert.Equal(account.Features, read.Features);
        Assert.Equal(snapshot, data.Snapshots.Single().Row);
        Assert.Equal(contact, data.Contacts.Single().Row);
        Assert.Equal(payment, data.Payments.Single().Row);
    }

    [Fact]
    public void An_unfinished_writer_leaves_no_contract_file_behind()
    {
        using (var writer = new ContractCsvWriter(_folder, []))
            writer.Write(new Payment("P1", "A1", DateTimeOffset.UnixEpoch, 1m));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
