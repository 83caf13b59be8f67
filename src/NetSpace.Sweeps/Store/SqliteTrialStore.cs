using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NetSpace.Complexity;
using NetSpace.DesignSpaces;
using NetSpace.Serialization;
using NetSpace.Specs;
using NetSpace.Training;
using static NetSpace.Sweeps.StoreRows;

namespace NetSpace.Sweeps;

/// <summary>
/// The trial store in one SQLite file (Microsoft.Data.Sqlite), for any number of worker processes on
/// one machine. The file is in WAL mode (readers never block the writer), every connection waits up
/// to 30 s for a lock (busy timeout), every multi-statement change is one transaction, and claims use
/// <c>BEGIN IMMEDIATE</c> so two workers can never read the same pending trial and both take it.
/// Lease times come from SQLite's clock (<c>julianday('now')</c>), never a worker's.
/// A store object is safe to use from several threads (the heartbeat thread and the trainer's): one
/// connection, serialised by a lock. WAL needs a local file system (not NFS); use a server store across machines.
/// </summary>
public sealed class SqliteTrialStore : ITrialStore
{
    /// <summary>Version of the schema this code writes (table <c>schema_version</c>).</summary>
    public const int SchemaVersion = StoreSchema.Version;

    /// <summary>The default store file, in the current folder.</summary>
    public const string DefaultPath = "netspace.db";

    private static readonly SqlDialect Dialect = SqlDialect.Sqlite;

    // Migration k takes the schema from version k to k + 1 (see SchemaMigrations).
    private static readonly IReadOnlyList<IReadOnlyList<string>> Migrations = StoreSchema.Migrations(Dialect);

    private readonly SqliteConnection connection;
    private readonly Lock gate = new();
    private bool disposed;

    private SqliteTrialStore(string location, SqliteConnection connection)
    {
        Location = location;
        this.connection = connection;
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>
    /// Opens the store at <paramref name="path"/>, creating the file and schema when <paramref name="create"/>
    /// (otherwise a missing file is a <see cref="TrialStoreException"/>). Throws <see cref="TrialStoreException"/>
    /// for a file that is not a NetSpace store or has a newer schema version.
    /// </summary>
    public static SqliteTrialStore Open(string path, bool create = true) => Open(path, create, SchemaVersion);

    /// <summary>Opens the store, bringing a new or older schema to <paramref name="schemaVersion"/> (tests create old versions).</summary>
    internal static SqliteTrialStore Open(string path, bool create, int schemaVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            if (!create)
            {
                throw new TrialStoreException($"{path}: no trial store here (create a sweep first, e.g.: netspace sweep create demo --space regnetx --samples 8 --flops 1M:3M --stem small --epochs 1 --subset 2000 --store {path})");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 60,
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Execute(connection, null, "PRAGMA busy_timeout = 30000");
            string? mode = Convert.ToString(Scalar(connection, null, "PRAGMA journal_mode = WAL"), CultureInfo.InvariantCulture);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new TrialStoreException($"{path}: SQLite refused WAL mode (journal mode '{mode}'); is the file on a network file system?");
            }

            // FULL: a committed result survives a power loss, not only a crash; commits are rare (one per trial, one per heartbeat).
            Execute(connection, null, "PRAGMA synchronous = FULL");
            Execute(connection, null, "PRAGMA foreign_keys = ON");
            EnsureSchema(connection, path, schemaVersion);
            return new SqliteTrialStore(full, connection);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new TrialStoreException($"{path}: {ex.Message}", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public DateTimeOffset GetTime() => Locked(() => FromUnix(Now(null)));

    /// <inheritdoc />
    public SweepDefinition CreateSweep(SweepDefinition sweep, IReadOnlyList<NewTrial> trials)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(trials);
        SweepDefinition.ValidateName(sweep.Name);
        return Locked(() =>
        {
            using var tx = connection.BeginTransaction(deferred: false);
            if (Scalar(connection, tx, "SELECT count(*) FROM sweeps WHERE name = $name", ("$name", sweep.Name)) is long n && n > 0)
            {
                throw new SweepExistsException($"a sweep named '{sweep.Name}' already exists in {Location}; choose another name");
            }

            double now = Now(tx);
            long sweepId = StoreWrites.InsertSweep(connection, tx, sweep, trials.Count, now);
            StoreWrites.InsertPending(connection, tx, sweepId, trials);
            tx.Commit();
            return sweep with { Samples = trials.Count, CreatedAt = FromUnix(now) };
        });
    }

    /// <inheritdoc />
    public SweepDefinition ImportSweep(SweepArchive archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        SweepDefinition.ValidateName(archive.Sweep.Name);
        return Locked(() =>
        {
            using var tx = connection.BeginTransaction(deferred: false);
            if (FindSweep(tx, archive.Sweep.Name) is not null)
            {
                throw new SweepExistsException($"a sweep named '{archive.Sweep.Name}' already exists in {Location}; choose another name");
            }

            StoreWrites.InsertArchive(connection, tx, archive, Now(tx));
            var stored = FindSweep(tx, archive.Sweep.Name)!.Value.Sweep;
            tx.Commit();
            return stored;
        });
    }

    /// <inheritdoc />
    public bool DeleteSweep(string name) => Locked(() => Execute(connection, null, "DELETE FROM sweeps WHERE name = @name", ("@name", name)) == 1);

    /// <inheritdoc />
    public SweepDefinition? FindSweep(string name) => Locked(() => FindSweep(null, name)?.Sweep);

    /// <inheritdoc />
    public SweepDefinition GetSweep(string name) => Locked(() => RequireSweep(null, name).Sweep);

    /// <inheritdoc />
    public IReadOnlyList<SweepOverview> ListSweeps() => Locked(() =>
    {
        var sweeps = new List<(long Id, SweepDefinition Sweep)>();
        using (var command = Command(connection, null, $"SELECT {SweepColumns} FROM sweeps ORDER BY created_at, id"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                sweeps.Add(ReadSweep(reader));
            }
        }

        return sweeps.Select(s =>
        {
            object? best = Scalar(connection, null, "SELECT min(json_extract(result, '$.best_top1_error')) FROM trials WHERE sweep_id = $s AND status = 'completed'", ("$s", s.Id));
            return new SweepOverview(s.Sweep, Counts(null, s.Id), best is double d ? d : null);
        }).ToArray();
    });

    /// <inheritdoc />
    public TrialCounts CountTrials(string sweep) => Locked(() => Counts(null, RequireSweep(null, sweep).Id));

    /// <inheritdoc />
    public IReadOnlyList<TrialRecord> GetTrials(string sweep) => Locked(() =>
    {
        long id = RequireSweep(null, sweep).Id;
        using var command = Command(connection, null, $"SELECT {TrialColumns} FROM trials t JOIN sweeps s ON s.id = t.sweep_id WHERE t.sweep_id = $s ORDER BY t.idx", ("$s", id));
        using var reader = command.ExecuteReader();
        var trials = new List<TrialRecord>();
        while (reader.Read())
        {
            trials.Add(ReadTrial(reader));
        }

        return trials;
    });

    /// <inheritdoc />
    public IReadOnlyList<EpochMetrics> GetEpochs(long trialId) => Locked(() =>
    {
        using var command = Command(connection, null, "SELECT metrics FROM epochs WHERE trial_id = $t ORDER BY epoch", ("$t", trialId));
        using var reader = command.ExecuteReader();
        var epochs = new List<EpochMetrics>();
        while (reader.Read())
        {
            epochs.Add(Deserialize<EpochMetrics>(reader.GetString(0)));
        }

        return epochs;
    });

    /// <inheritdoc />
    public IReadOnlyList<ClaimRecord> GetClaims(string sweep) => Locked(() =>
    {
        long id = RequireSweep(null, sweep).Id;
        using var command = Command(
            connection,
            null,
            "SELECT c.trial_id, t.idx, c.attempt, c.worker, c.claimed_at, c.ended_at, c.outcome FROM claims c JOIN trials t ON t.id = c.trial_id WHERE t.sweep_id = $s ORDER BY c.id",
            ("$s", id));
        using var reader = command.ExecuteReader();
        var claims = new List<ClaimRecord>();
        while (reader.Read())
        {
            claims.Add(ReadClaim(reader));
        }

        return claims;
    });

    /// <inheritdoc />
    public TrialClaim? ClaimNext(string sweep, string worker, TimeSpan lease, int maxAttempts)
    {
        ArgumentException.ThrowIfNullOrEmpty(worker);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        return Locked(() =>
        {
            // BEGIN IMMEDIATE: the write lock is taken before the pending trial is read, so no other worker can read it too.
            using var tx = connection.BeginTransaction(deferred: false);
            long sweepId = RequireSweep(tx, sweep).Id;
            var claim = TrialLifecycle.Claim(connection, tx, Dialect, sweepId, sweep, worker, lease, maxAttempts, Now(tx));
            tx.Commit(); // with no claim, keeps the expiries recorded
            return claim;
        });
    }

    /// <inheritdoc />
    public bool RenewLease(long trialId, string worker, TimeSpan lease) => Locked(() => TrialLifecycle.RenewLease(connection, Dialect, trialId, worker, lease));

    /// <inheritdoc />
    public bool Complete(long trialId, string worker, TrainingResult result, IReadOnlyList<EpochMetrics> epochs)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(epochs);
        return Finish(trialId, worker, "completed", null, result, epochs);
    }

    /// <inheritdoc />
    public bool Fail(long trialId, string worker, string reason, TrainingResult? result, IReadOnlyList<EpochMetrics> epochs)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        ArgumentNullException.ThrowIfNull(epochs);
        return Finish(trialId, worker, "failed", reason, result, epochs);
    }

    /// <inheritdoc />
    public bool Release(long trialId, string worker) => InTransaction(tx => TrialLifecycle.Release(connection, tx, trialId, worker, Now(tx)));

    /// <inheritdoc />
    public bool ExpireLease(long trialId, string worker) => Locked(() => TrialLifecycle.ExpireLease(connection, Dialect, trialId, worker));

    /// <inheritdoc />
    public int RetryFailed(string sweep) => Locked(() =>
    {
        using var tx = connection.BeginTransaction(deferred: false);
        int n = TrialLifecycle.RetryFailed(connection, tx, RequireSweep(tx, sweep).Id);
        tx.Commit();
        return n;
    });

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (!disposed)
            {
                disposed = true;
                connection.Dispose();
            }
        }
    }

    private bool Finish(long trialId, string worker, string status, string? reason, TrainingResult? result, IReadOnlyList<EpochMetrics> epochs) =>
        InTransaction(tx => TrialLifecycle.Finish(connection, tx, trialId, worker, status, reason, result, epochs, Now(tx)));

    // Commits when the change applied (the worker held the lease), else rolls back.
    private bool InTransaction(Func<SqliteTransaction, bool> change) => Locked(() =>
    {
        using var tx = connection.BeginTransaction(deferred: false);
        if (!change(tx))
        {
            tx.Rollback();
            return false;
        }

        tx.Commit();
        return true;
    });

    private TrialCounts Counts(SqliteTransaction? tx, long sweepId) => TrialLifecycle.Counts(connection, tx, sweepId);

    private (long Id, SweepDefinition Sweep)? FindSweep(SqliteTransaction? tx, string name) => TrialLifecycle.FindSweep(connection, tx, name);

    private (long Id, SweepDefinition Sweep) RequireSweep(SqliteTransaction? tx, string name) => TrialLifecycle.RequireSweep(connection, tx, name, Location);

    private static void EnsureSchema(SqliteConnection connection, string path, int target)
    {
        using var tx = connection.BeginTransaction(deferred: false);
        bool hasVersionTable = (long)Scalar(connection, tx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")! > 0;
        if (!hasVersionTable && (long)Scalar(connection, tx, "SELECT count(*) FROM sqlite_master")! > 0)
        {
            throw new TrialStoreException($"{path}: an SQLite database but not a NetSpace trial store (no schema_version table)");
        }

        long? version = hasVersionTable ? Scalar(connection, tx, "SELECT max(version) FROM schema_version") as long? ?? 0 : null;
        SchemaMigrations.Upgrade(connection, tx, path, Migrations, version, target);
        tx.Commit();
    }

    private double Now(SqliteTransaction? tx) => TrialLifecycle.Now(connection, tx, Dialect);

    private T Locked<T>(Func<T> action)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            try
            {
                return action();
            }
            catch (SqliteException ex)
            {
                throw new TrialStoreException($"{Location}: {ex.Message}", ex);
            }
        }
    }

}
