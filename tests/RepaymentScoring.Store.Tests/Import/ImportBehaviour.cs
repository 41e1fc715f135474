using RepaymentScoring.Contract.Csv;

namespace RepaymentScoring.Store.Tests.Import;

public abstract class ImportBehaviour<TTarget> : StoreSuite<TTarget> where TTarget : StoreTarget, new()
{
    [SkippableFact]
    public void Importing_data_samples_stores_exactly_the_rows_the_csv_files_hold()
    {
        var store = MigratedStore();
        store.Import(Read(StoreTarget.DataSamples, store));
        var counts = store.Counts();
        var samples = StoreTarget.DataSamples;
        Assert.Equal(CsvRows(samples, ContractFiles.Accounts), counts.Accounts);
        Assert.Equal(CsvRows(samples, ContractFiles.Snapshots), counts.Snapshots);
        Assert.Equal(CsvRows(samples, ContractFiles.Contacts), counts.Contacts);
        Assert.Equal(CsvRows(samples, ContractFiles.Payments), counts.Payments);
        Assert.Equal(counts.Accounts * 4, counts.AccountFeatures);
        Assert.Equal("numeric", store.FeatureKinds()["bureau_score"]);
        Assert.Equal("categorical", store.FeatureKinds()["employment"]);
    }

    [SkippableFact]
    public void Importing_the_same_files_again_changes_nothing()
    {
        var store = MigratedStore();
        store.Import(Read(StoreTarget.DataSamples, store));
        var before = store.Counts();
        var again = store.Import(Read(StoreTarget.DataSamples, store));
        Assert.Equal(0, again.Added + again.Replaced);
        Assert.Equal(before.Total, again.Unchanged);
        Assert.Equal(before, store.Counts());
    }

    [SkippableFact]
    public void A_row_that_differs_from_a_stored_row_is_an_error_unless_replace()
    {
        var folder = Directory.CreateTempSubdirectory("repay-imp-").FullName;
        File.WriteAllLines(Path.Combine(folder, ContractFiles.Accounts), ["account_id,product,opened_on,time_zone,segment", "A1,bnpl,2025-01-01,UTC,7"]);
        File.WriteAllLines(Path.Combine(folder, ContractFiles.Payments), ["payment_id,account_id,paid_at,amount", "P1,A1,2026-01-02T10:00:00Z,10.50"]);
        var store = MigratedStore();
        store.Import(Read(folder, store));

        File.WriteAllLines(Path.Combine(folder, ContractFiles.Payments), ["payment_id,account_id,paid_at,amount", "P1,A1,2026-01-02T10:00:00Z,12", "P2,A1,2026-01-03T10:00:00Z,5"]);
        var e = Assert.Throws<ContractViolationException>(() => store.Import(Read(folder, store)));
        Assert.Equal("payments.csv:2: payment_id: differs from the stored row with the same id (use --replace to overwrite it)", Assert.Single(e.Errors).ToString());
        Assert.Equal(1, store.Counts().Payments);

        var replaced = store.Import(Read(folder, store), replace: true);
        Assert.Equal(1, replaced.Tables["payments"].Replaced);
        Assert.Equal(1, replaced.Tables["payments"].Added);
        var history = store.ReadAccountHistory("A1", DateTimeOffset.MaxValue)!;
        Assert.Equal([12m, 5m], history.Payments.Select(p => p.Amount));

        // Accounts (with their features) and snapshots are replaced the same way.
        File.WriteAllLines(Path.Combine(folder, ContractFiles.Snapshots), ["account_id,as_of,days_past_due,amount_due,balance", "A1,2026-01-01,10,100,400"]);
        store.Import(Read(folder, store));
        File.WriteAllLines(Path.Combine(folder, ContractFiles.Accounts), ["account_id,product,opened_on,time_zone,segment", "A1,bnpl,2025-01-01,UTC,9"]);
        File.WriteAllLines(Path.Combine(folder, ContractFiles.Snapshots), ["account_id,as_of,days_past_due,amount_due,balance", "A1,2026-01-01,11,120,400"]);
        Assert.Equal(2, Assert.Throws<ContractViolationException>(() => store.Import(Read(folder, store))).Errors.Count);
        var again = store.Import(Read(folder, store), replace: true);
        Assert.Equal((1L, 1L), (again.Tables["accounts"].Replaced, again.Tables["account_snapshots"].Replaced));
        history = store.ReadAccountHistory("A1", DateTimeOffset.MaxValue)!;
        Assert.Equal("9", history.Account.Features["segment"]);
        Assert.Equal((11, 120m), (Assert.Single(history.Snapshots).DaysPastDue, history.Snapshots[0].AmountDue));
        Directory.Delete(folder, true);
    }

    [SkippableFact]
    public void A_feature_column_keeps_the_type_of_its_first_import()
    {
        var folder = Directory.CreateTempSubdirectory("repay-imp-").FullName;
        File.WriteAllLines(Path.Combine(folder, ContractFiles.Accounts), ["account_id,product,opened_on,time_zone,score", "A1,bnpl,2025-01-01,UTC,7"]);
        var store = MigratedStore();
        store.Import(Read(folder, store));
        File.WriteAllLines(Path.Combine(folder, ContractFiles.Accounts), ["account_id,product,opened_on,time_zone,score", "A2,bnpl,2025-01-01,UTC,high"]);
        var e = Assert.Throws<ContractViolationException>(() => store.Import(Read(folder, store)));
        Assert.StartsWith("accounts.csv:2: score:", Assert.Single(e.Errors).ToString(), StringComparison.Ordinal);
        Assert.Equal(1, store.Counts().Accounts);
        Directory.Delete(folder, true);
    }

    [SkippableFact]
    public void A_file_set_with_broken_lines_leaves_every_table_exactly_as_it_was()
    {
        var store = MigratedStore();
        store.Import(Read(StoreTarget.DataSamples, store));
        var before = store.Counts();
        var copy = CopyOfSamples();
        // New accounts and payments that would be stored if the broken contacts did not stop the set.
        File.AppendAllLines(Path.Combine(copy, ContractFiles.Accounts), ["ZNEW,bnpl,2025-01-01,,,,,UTC,,,employed,low,1,500"]);
        File.AppendAllLines(Path.Combine(copy, ContractFiles.Payments), ["PNEW,ZNEW,2026-02-01T10:00:00Z,5"]);
        var contactsFile = Path.Combine(copy, ContractFiles.Contacts);
        var lines = File.ReadAllLines(contactsFile).ToList();
        lines[3] = "CX1,A0000001,yesterday,sms,delivered,,,";
        lines[6] = "CX2,A0000001,2026-02-01T10:00:00Z,pigeon,none,,,";
        lines[9] = "CX3,NOBODY,2026-02-01T10:00:00Z,sms,delivered,,,";
        File.WriteAllLines(contactsFile, lines);

        var e = Assert.Throws<ContractViolationException>(() => store.Import(Read(copy, store)));
        Assert.Equal(["contacts.csv:4: contacted_at", "contacts.csv:7: channel", "contacts.csv:10: account_id"],
            e.Errors.Select(x => $"{x.File}:{x.Line}: {x.Column}"));
        Assert.Equal(before, store.Counts());
        Directory.Delete(copy, true);
    }
}

public sealed class SqliteImportTests : ImportBehaviour<SqliteTarget>;
public sealed class PostgresImportTests : ImportBehaviour<PostgresTarget>;
