using RepaymentScoring.Contract.Channels;
using RepaymentScoring.Contract.Csv;
using RepaymentScoring.Contract.Tables;
using RepaymentScoring.Simulation.Policies;

namespace RepaymentScoring.Simulation.Tests.Engine;

/// <summary>The generated portfolio is valid contract data and carries the behaviours the learning problem needs.</summary>
public sealed class GeneratedPortfolioTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("repay-gen-").FullName;
    private static readonly SimulationSettings Settings = new() { Accounts = 1_500, Days = 90, Seed = 21, TruthReplicas = 0 };
    private static readonly Lazy<RecordingSink> Portfolio = new(() => RecordingSink.Simulate(Settings, truth: true));

    [Fact]
    public void Generated_files_pass_the_contract_reader_without_a_single_error()
    {
        PortfolioGenerator.Generate(Settings with { Accounts = 400 }, _folder, writeTruth: false);
        var data = new ContractCsvReader(ChannelCatalog.Default).ReadFolder(_folder);
        Assert.Equal(400, data.Accounts.Count);
        Assert.Equal(["employment", "income_band", "digital_engagement", "bureau_score"], data.FeatureColumns);
        Assert.NotEmpty(data.Contacts);
        Assert.NotEmpty(data.Payments);
    }

    [Fact]
    public void Delinquency_rolls_forward_cures_and_is_charged_off()
    {
        var byAccount = Portfolio.Value.Snapshots.GroupBy(s => s.AccountId).ToList();
        Assert.Contains(byAccount, g => g.Any(s => s.DaysPastDue > 0) && g.Last().DaysPastDue == 0); // cured
        Assert.Contains(byAccount, g => g.First().DaysPastDue == 0 && g.Last().DaysPastDue > 0);     // newly delinquent
        Assert.Contains(byAccount, g => g.Any(s => s.LegalStatus == LegalStatuses.Litigation));     // charged off
        Assert.Contains(byAccount, g => g.Any(s => s.Hardship));
        Assert.Contains(byAccount, g => g.Any(s => s.PromiseToPayUntil is not null));
    }

    [Fact]
    public void Payments_include_partial_ones_and_every_outcome_kind_occurs()
    {
        var p = Portfolio.Value;
        var dueBefore = p.Snapshots.ToLookup(s => s.AccountId);
        Assert.Contains(p.Payments, pay => dueBefore[pay.AccountId].Any(s => s.AmountDue > pay.Amount * 1.2m && s.AsOf < DateOnly.FromDateTime(pay.PaidAt.DateTime)));
        var outcomes = p.Contacts.Select(c => c.Outcome).ToHashSet();
        foreach (var o in new[] { "promise_to_pay", "no_answer", "right_party_contact", "complaint", "opt_out", "opened", "sent", "none" })
            Assert.Contains(o, outcomes);
    }

    [Fact]
    public void Logging_strategy_randomises_about_its_stated_share_and_records_probabilities()
    {
        var contacts = Portfolio.Value.Contacts.ToDictionary(c => c.ContactId);
        var decisions = Portfolio.Value.Decisions.Select(d => contacts[d.ContactId]).Where(c => c.Strategy != LoggingStrategy.Control).ToList();
        Assert.All(Portfolio.Value.Contacts, c => Assert.InRange(c.TreatmentProbability!.Value, 1e-9, 1.0));
        var explored = decisions.Count(c => c.Strategy == LoggingStrategy.Explore) / (double)decisions.Count;
        Assert.InRange(explored, 0.10, 0.30);
        var control = Portfolio.Value.Contacts.Where(c => c.Strategy == LoggingStrategy.Control).Select(c => c.AccountId).Distinct().Count();
        Assert.InRange(control / (double)Settings.Accounts, 0.02, 0.08);
        Assert.All(Portfolio.Value.Contacts.Where(c => c.Strategy == LoggingStrategy.Control), c => Assert.Equal("none", c.Channel));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
