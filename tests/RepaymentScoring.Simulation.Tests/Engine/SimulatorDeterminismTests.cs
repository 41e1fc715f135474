namespace RepaymentScoring.Simulation.Tests.Engine;

public sealed class SimulatorDeterminismTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("repay-sim-").FullName;

    [Fact]
    public void Same_seed_writes_the_same_bytes_and_another_seed_does_not()
    {
        var settings = new SimulationSettings { Accounts = 300, Days = 40, Seed = 7 };
        PortfolioGenerator.Generate(settings, Path.Combine(_root, "a"), writeTruth: true);
        PortfolioGenerator.Generate(settings, Path.Combine(_root, "b"), writeTruth: true);
        PortfolioGenerator.Generate(settings with { Seed = 8 }, Path.Combine(_root, "c"), writeTruth: false);
        foreach (var file in new[] { "accounts.csv", "account_snapshots.csv", "contacts.csv", "payments.csv", PortfolioGenerator.DecisionTruthFile })
            Assert.Equal(File.ReadAllBytes(Path.Combine(_root, "a", file)), File.ReadAllBytes(Path.Combine(_root, "b", file)));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(_root, "a", "contacts.csv")), File.ReadAllBytes(Path.Combine(_root, "c", "contacts.csv")));
    }

    [Fact]
    public void Computing_the_truth_does_not_change_the_simulated_history()
    {
        var settings = new SimulationSettings { Accounts = 200, Days = 45, Seed = 3 };
        var with = RecordingSink.Simulate(settings, truth: true);
        var without = RecordingSink.Simulate(settings, truth: false);
        Assert.NotEmpty(with.SnapshotTruths);
        Assert.Empty(without.Decisions);
        Assert.Equal(without.Contacts, with.Contacts);
        Assert.Equal(without.Payments, with.Payments);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
