using Microsoft.Data.Sqlite;
using NetSpace.Sweeps;

namespace NetSpace.Tests;

/// <summary>The SQLite trial store: the store contract, and its file, schema and migration handling.</summary>
public class SqliteTrialStoreTests : TrialStoreContractTests
{
    internal override IStoreUnderTest NewStore() => new TempStore();

    [Fact]
    public void SchemaVersionIsRecordedAndANewerOneIsRefused()
    {
        using var temp = new TempStore();
        using (temp.Open())
        {
        }

        using (var connection = new SqliteConnection($"Data Source={temp.StorePath};Pooling=False"))
        {
            connection.Open();
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT version FROM schema_version";
            Assert.Equal((long)SqliteTrialStore.SchemaVersion, read.ExecuteScalar());
            using var mode = connection.CreateCommand();
            mode.CommandText = "PRAGMA journal_mode";
            Assert.Equal("wal", mode.ExecuteScalar());
            using var bump = connection.CreateCommand();
            bump.CommandText = "UPDATE schema_version SET version = 99";
            bump.ExecuteNonQuery();
        }

        var ex = Assert.Throws<TrialStoreException>(() => temp.Open());
        Assert.Contains("schema version 99 is newer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AVersion1StoreIsMigratedOnFirstUseAndKeepsItsSweeps()
    {
        using var temp = new TempStore();
        using (var old = SqliteTrialStore.Open(temp.StorePath, create: true, schemaVersion: 1))
        {
            old.CreateSweep(Sweep(), TinySpace.Trials(2));
        }

        Assert.Equal((1L, 0L), (Query(temp.StorePath, "SELECT version FROM schema_version"), Query(temp.StorePath, "SELECT count(*) FROM sqlite_master WHERE name = 'claims_by_worker'")));
        using (var store = temp.Open())
        {
            Assert.Equal(new TrialCounts(2, 0, 0, 0), store.CountTrials("s"));
        }

        Assert.Equal((2L, 1L), (Query(temp.StorePath, "SELECT version FROM schema_version"), Query(temp.StorePath, "SELECT count(*) FROM sqlite_master WHERE name = 'claims_by_worker'")));
    }

    private static object? Query(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public void FilesThatAreNotStoresAreRefused()
    {
        using var temp = new TempStore();
        File.WriteAllText(temp.StorePath, "hello, this is not a database at all, just some text that is long enough");
        Assert.Throws<TrialStoreException>(() => temp.Open());

        string other = Path.Combine(temp.Folder, "other.db");
        using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE something (x INTEGER)";
            create.ExecuteNonQuery();
        }

        Assert.Contains("not a NetSpace trial store", Assert.Throws<TrialStoreException>(() => SqliteTrialStore.Open(other)).Message, StringComparison.Ordinal);
        Assert.Contains("no trial store here", Assert.Throws<TrialStoreException>(() => SqliteTrialStore.Open(Path.Combine(temp.Folder, "none.db"), create: false)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkerIdentityKnowsDeadLocalProcesses()
    {
        var me = WorkerIdentity.ForCurrentProcess();
        Assert.True(WorkerIdentity.TryParse(me.ToString(), out var parsed));
        Assert.Equal(me, parsed);
        Assert.False(me.IsKnownDead());
        Assert.False((me with { Host = "elsewhere" }).IsKnownDead());
        if (OperatingSystem.IsLinux())
        {
            Assert.True((me with { ProcessStart = me.ProcessStart + 1 }).IsKnownDead()); // pid reused by another process
            Assert.True((me with { ProcessId = int.MaxValue - 1 }).IsKnownDead());
        }

        Assert.False(WorkerIdentity.TryParse("A", out _));
    }

    [Fact]
    public void TrialSeedsAreStableAndDistinct()
    {
        var seeds = Enumerable.Range(0, 1000).Select(i => TrialSeeds.For(42, i)).ToArray();
        Assert.Equal(1000, seeds.Distinct().Count());
        Assert.All(seeds, s => Assert.InRange(s, 0, int.MaxValue));
        Assert.Equal(seeds[7], TrialSeeds.For(42, 7));
        Assert.NotEqual(seeds[7], TrialSeeds.For(43, 7));
    }
}
