using System.Diagnostics;
using Npgsql;
using NetSpace.Sweeps;

namespace NetSpace.Tests;

/// <summary>
/// The PostgreSQL trial store against a real server: the store contract, schema creation and migration,
/// locations and credentials, SQLite → PostgreSQL → SQLite copies, and riding out a server restart or outage.
/// </summary>
public class PostgresTrialStoreTests : TrialStoreContractTests
{
    internal override IStoreUnderTest NewStore() => new TempPostgresStore();

    private static object? Query(string url, string sql)
    {
        using var connection = new NpgsqlConnection(PostgresServer.ConnectionString(url));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        object? value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    [Fact]
    public void SchemaIsCreatedVersionedMigratedAndANewerOneIsRefused()
    {
        using var temp = new TempPostgresStore();
        using (var old = PostgresTrialStore.Open(temp.Location, create: true, new PostgresStoreOptions(), schemaVersion: 1))
        {
            old.CreateSweep(Sweep(), TinySpace.Trials(3));
        }

        Assert.Equal(1, Query(temp.Location, "SELECT version FROM schema_version"));
        Assert.Equal(0L, Query(temp.Location, "SELECT count(*) FROM pg_indexes WHERE indexname = 'claims_by_worker'"));
        using (var store = temp.Open())
        {
            Assert.Equal(new TrialCounts(3, 0, 0, 0), store.CountTrials("s"));
        }

        Assert.Equal(PostgresTrialStore.SchemaVersion, Query(temp.Location, "SELECT version FROM schema_version"));
        Assert.Equal(1L, Query(temp.Location, "SELECT count(*) FROM pg_indexes WHERE indexname = 'claims_by_worker'"));

        Query(temp.Location, "UPDATE schema_version SET version = 99");
        var ex = Assert.Throws<TrialStoreException>(() => temp.Open());
        Assert.Contains("schema version 99 is newer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADatabaseWithOtherTablesOrNoStoreIsRefused()
    {
        using var empty = new TempPostgresStore();
        var none = Assert.Throws<TrialStoreException>(() => PostgresTrialStore.Open(empty.Location, create: false));
        Assert.Contains("no trial store here", none.Message, StringComparison.Ordinal);

        using var foreign = new TempPostgresStore();
        Query(foreign.Location, "CREATE TABLE something (x integer)");
        Assert.Contains("not a NetSpace trial store", Assert.Throws<TrialStoreException>(() => foreign.Open()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConcurrentFirstOpensCreateTheSchemaOnce()
    {
        using var temp = new TempPostgresStore();
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var threads = Enumerable.Range(0, 6).Select(_ => new Thread(() =>
        {
            try
            {
                using var store = temp.Open();
            }
            catch (Exception ex)
            {
                errors.Add(ex);
            }
        })).ToArray();
        Array.ForEach(threads, t => t.Start());
        Array.ForEach(threads, t => t.Join());
        Assert.Empty(errors);
        Assert.Equal(1L, Query(temp.Location, "SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public void LocationsParseAndNeverShowThePassword()
    {
        var url = PostgresLocation.Parse("postgres://alice:p%40ss%3Aword@db.example.org:6543/sweeps?sslmode=require&application_name=nsp");
        Assert.Equal("postgres://alice@db.example.org:6543/sweeps", url.Description);
        var built = new NpgsqlConnectionStringBuilder(url.ConnectionString);
        Assert.Equal(("alice", "p@ss:word", "db.example.org", 6543, "sweeps", SslMode.Require, "nsp"), (built.Username, built.Password, built.Host, built.Port, built.Database, built.SslMode, built.ApplicationName));

        var cs = PostgresLocation.Parse("Host=h;Username=bob;Password=hunter2;Database=d");
        Assert.Equal("postgres://bob@h:5432/d", cs.Description);
        Assert.True(PostgresLocation.IsPostgres("postgresql://h/d"));
        Assert.False(PostgresLocation.IsPostgres("runs/study.db"));

        var bad = Assert.Throws<TrialStoreException>(() => PostgresLocation.Parse("Host=h;Password=hunter2;Nonsense=1"));
        Assert.DoesNotContain("hunter2", bad.ToString(), StringComparison.Ordinal);
        Assert.Contains("unknown URL parameter 'color'", Assert.Throws<TrialStoreException>(() => PostgresLocation.Parse("postgres://u:secret@h/d?color=red")).Message, StringComparison.Ordinal);

        // A wrong password: the error names the location and the reason, never the password.
        string url2 = PostgresServer.Shared.AdminUrl.Replace(PostgresServer.Shared.Password, "wrong-pass-xyz", StringComparison.Ordinal);
        var denied = Assert.Throws<TrialStoreException>(() => PostgresTrialStore.Open(url2));
        Assert.Contains("28P01", denied.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pass-xyz", denied.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ThePasswordCanComeFromAPgpassFile()
    {
        var server = PostgresServer.Shared;
        var uri = new Uri(server.AdminUrl);
        string pgpass = Path.Combine(Path.GetTempPath(), "netspace-pgpass-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(pgpass, $"# test\n{uri.Host}:{uri.Port}:*:netspace:{server.Password}\n");
        try
        {
            string withoutPassword = $"postgres://netspace@{uri.Host}:{uri.Port}/postgres?passfile={Uri.EscapeDataString(pgpass)}";
            using var store = PostgresTrialStore.Open(withoutPassword);
            Assert.Equal($"postgres://netspace@{uri.Host}:{uri.Port}/postgres", store.Location);
            Assert.True(store.GetTime() > DateTimeOffset.UnixEpoch);
        }
        finally
        {
            File.Delete(pgpass);
        }
    }

    [Fact]
    public void SqliteToPostgresToSqliteRoundTripsExactly()
    {
        using var sqlite = new TempStore();
        using var first = sqlite.Open();
        first.CreateSweep(Sweep(), TinySpace.Trials(4));
        var a = first.ClaimNext("s", "host-a/1/2/x", Minute, 3)!;
        first.Complete(a.TrialId, "host-a/1/2/x", Result(0.125) with { TrainSeconds = 12.5 }, [new NetSpace.Training.EpochMetrics { Epoch = 1, TrainLoss = 0.5, ValTop1Error = 0.2 }]);
        var b = first.ClaimNext("s", "host-b/3/4/y", TimeSpan.FromMilliseconds(50), 3)!;
        Thread.Sleep(100);
        var b2 = first.ClaimNext("s", "host-a/1/2/x", Minute, 3)!; // b's lease expired: re-claimed, attempt 2
        Assert.Equal((b.TrialId, 2), (b2.TrialId, b2.Attempt));
        first.Fail(b2.TrialId, "host-a/1/2/x", "out of memory", null, []);

        using var pg = new TempPostgresStore();
        using var server = pg.Open();
        using var back = new TempStore();
        using var last = back.Open();
        SweepArchive.Copy(first, server, "s");
        SweepArchive.Copy(server, last, "s");
        string original = Canonical(SweepArchive.Read(first, "s"));
        Assert.Equal(original, Canonical(SweepArchive.Read(server, "s")));
        Assert.Equal(original, Canonical(SweepArchive.Read(last, "s")));
        Assert.Equal(first.GetSweep("s"), last.GetSweep("s"));
    }

    [Fact]
    public void AnOperationWaitsOutARestartAndFailsClearlyAfterItsPatience()
    {
        using var server = PostgresServer.StartPrivate();
        string url = server.CreateDatabase();
        var retries = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var store = PostgresTrialStore.Open(url, create: true, new PostgresStoreOptions { Patience = TimeSpan.FromSeconds(60), Log = retries.Enqueue });
        store.CreateSweep(Sweep(), TinySpace.Trials(3));
        var claim = store.ClaimNext("s", "A", Minute, 3)!;

        server.Stop();
        var restarter = new Thread(() =>
        {
            Thread.Sleep(1500);
            server.Start();
        });
        restarter.Start();
        var clock = Stopwatch.StartNew();
        Assert.True(store.Complete(claim.TrialId, "A", Result(0.3), [])); // waits for the server, then stores once
        restarter.Join();
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(1), $"completed after {clock.Elapsed} although the server was down");
        Assert.NotEmpty(retries);
        Assert.All(retries, line => Assert.DoesNotContain(server.Password, line, StringComparison.Ordinal));
        Assert.Equal(new TrialCounts(2, 0, 1, 0), store.CountTrials("s"));
        Assert.Single(store.GetClaims("s"), c => c.Outcome == "completed");

        using var impatient = PostgresTrialStore.Open(url, create: false, new PostgresStoreOptions { Patience = TimeSpan.FromSeconds(2) });
        server.Stop();
        clock.Restart();
        var ex = Assert.Throws<TrialStoreException>(() => impatient.ClaimNext("s", "B", Minute, 3));
        Assert.InRange(clock.Elapsed.TotalSeconds, 1.5, 30);
        Assert.Contains("unreachable for 2 s", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password, ex.ToString(), StringComparison.Ordinal);
        server.Start();
    }

    [Fact]
    public void ARetriedCompletionOrClaimWhoseCommitLandedIsNotRepeated()
    {
        using var temp = new TempPostgresStore();
        using var store = (PostgresTrialStore)temp.Open();
        store.CreateSweep(Sweep(), TinySpace.Trials(3));

        // A claim retried after its commit landed gets the trial it already holds, not a second one.
        var claim = store.ClaimNext("s", "A", Minute, 3)!;
        var again = store.ClaimNext("s", "A", Minute, 3, assumeRetry: true)!;
        Assert.Equal((claim.TrialId, 1), (again.TrialId, again.Attempt));
        Assert.Equal(new TrialCounts(2, 1, 0, 0), store.CountTrials("s"));

        // A completion retried after its commit landed reports success and writes nothing twice.
        var epochs = new[] { new NetSpace.Training.EpochMetrics { Epoch = 1 } };
        Assert.True(store.Complete(claim.TrialId, "A", Result(0.3), epochs));
        Assert.True(store.CompleteAsRetry(claim.TrialId, "A", Result(0.3), epochs));
        Assert.False(store.CompleteAsRetry(claim.TrialId, "B", Result(0.3), epochs)); // not B's claim
        Assert.Single(store.GetEpochs(claim.TrialId));
        Assert.Single(store.GetClaims("s"));
        Assert.Equal(new TrialCounts(2, 0, 1, 0), store.CountTrials("s"));

        // Without a held trial, a retried claim takes the next one as usual.
        Assert.Equal(1, store.ClaimNext("s", "A", Minute, 3, assumeRetry: true)!.Index);
    }
}
