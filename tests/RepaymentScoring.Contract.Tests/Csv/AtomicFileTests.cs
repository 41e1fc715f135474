using RepaymentScoring.Contract.Csv;

namespace RepaymentScoring.Contract.Tests.Csv;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("atomic-file-").FullName;

    [Fact]
    public void A_write_that_fails_midway_leaves_the_previous_file_whole_and_no_partial_file()
    {
        var path = Path.Combine(_folder, "plans.csv");
        AtomicFile.Write(path, w => w.Write("previous"));

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, w =>
        {
            w.Write("half of the new");
            throw new InvalidOperationException("disk gone");
        }));

        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_file_named_in_a_folder_that_does_not_exist_gets_its_folder()
    {
        var path = Path.Combine(_folder, "runs", "march", "plans.csv");

        AtomicFile.Write(path, w => w.Write("plans"));

        Assert.Equal("plans", File.ReadAllText(path));
    }

    [Fact]
    public void A_completed_write_replaces_the_file_and_returns_the_writers_result()
    {
        var path = Path.Combine(_folder, "results.csv");
        File.WriteAllText(path, "old");
        Assert.Equal(3, AtomicFile.Write(path, w => { w.Write("new"); return 3; }));
        Assert.Equal("new", File.ReadAllText(path));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
