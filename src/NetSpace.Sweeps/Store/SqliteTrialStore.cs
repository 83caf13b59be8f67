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
    public const int SchemaVersion = 2;

    /// <summary>The default store file, in the current folder.</summary>
    public const string DefaultPath = "netspace.db";

    // Unix seconds with millisecond resolution on SQLite's clock (works on every SQLite 3 version, unlike unixepoch('subsec')).
    private const string NowSql = "((julianday('now') - 2440587.5) * 86400.0)";

    private static readonly string[] Schema =
    [
        "CREATE TABLE schema_version (version INTEGER NOT NULL)",
        """
        CREATE TABLE sweeps (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            space TEXT NOT NULL,
            constraints TEXT NOT NULL,
            recipe TEXT NOT NULL,
            data TEXT NOT NULL,
            subset INTEGER,
            val_split REAL NOT NULL,
            stem TEXT,
            seed INTEGER NOT NULL,
            samples INTEGER NOT NULL,
            created_at REAL NOT NULL)
        """,
        """
        CREATE TABLE trials (
            id INTEGER PRIMARY KEY,
            sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            name TEXT NOT NULL,
            spec TEXT NOT NULL,
            seed INTEGER NOT NULL,
            flops INTEGER NOT NULL,
            params INTEGER NOT NULL,
            acts INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'completed', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            lease_owner TEXT,
            lease_expires_at REAL,
            heartbeat_at REAL,
            started_at REAL,
            finished_at REAL,
            result TEXT,
            error TEXT,
            UNIQUE (sweep_id, idx))
        """,
        "CREATE INDEX trials_by_status ON trials (sweep_id, status, idx)",
        """
        CREATE TABLE epochs (
            trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
            epoch INTEGER NOT NULL,
            metrics TEXT NOT NULL,
            PRIMARY KEY (trial_id, epoch))
        """,
        """
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY,
            trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
            attempt INTEGER NOT NULL,
            worker TEXT NOT NULL,
            claimed_at REAL NOT NULL,
            ended_at REAL,
            outcome TEXT)
        """,
        "CREATE INDEX claims_by_trial ON claims (trial_id)",
    ];

    // Migration k takes the schema from version k to k + 1 (see SchemaMigrations).
    private static readonly IReadOnlyList<IReadOnlyList<string>> Migrations =
    [
        Schema,
        [SchemaMigrations.ClaimsByWorker],
    ];

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
            double now = Now(tx);

            // Claims whose lease ran out lost their worker (killed, powered off, hung).
            Execute(
                connection,
                tx,
                "UPDATE claims SET outcome = 'lease-expired', ended_at = $now WHERE outcome IS NULL AND trial_id IN " +
                "(SELECT id FROM trials WHERE sweep_id = $s AND status = 'running' AND lease_expires_at < $now)",
                ("$s", sweepId),
                ("$now", now));
            Execute(
                connection,
                tx,
                "UPDATE trials SET status = 'failed', error = printf('lost its worker on each of %d attempts (lease expired)', attempts), " +
                "finished_at = $now, lease_owner = NULL, lease_expires_at = NULL " +
                "WHERE sweep_id = $s AND status = 'running' AND lease_expires_at < $now AND attempts >= $max",
                ("$s", sweepId),
                ("$now", now),
                ("$max", maxAttempts));

            long id;
            int index, attempt;
            string name, specJson;
            long seed;
            using (var select = Command(
                connection,
                tx,
                "SELECT id, idx, name, spec, seed, attempts FROM trials WHERE sweep_id = $s AND " +
                "(status = 'pending' OR (status = 'running' AND lease_expires_at < $now)) ORDER BY idx LIMIT 1",
                ("$s", sweepId),
                ("$now", now)))
            using (var reader = select.ExecuteReader())
            {
                if (!reader.Read())
                {
                    reader.Close();
                    tx.Commit(); // keep the expiries recorded above
                    return null;
                }

                (id, index, name, specJson, seed, attempt) =
                    (reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt32(5) + 1);
            }

            double expires = now + lease.TotalSeconds;
            Execute(
                connection,
                tx,
                "UPDATE trials SET status = 'running', attempts = $attempt, lease_owner = $w, lease_expires_at = $expires, heartbeat_at = $now, " +
                "started_at = $now, finished_at = NULL, error = NULL, result = NULL WHERE id = $id",
                ("$attempt", attempt),
                ("$w", worker),
                ("$expires", expires),
                ("$now", now),
                ("$id", id));
            Execute(
                connection,
                tx,
                "INSERT INTO claims (trial_id, attempt, worker, claimed_at) VALUES ($id, $attempt, $w, $now)",
                ("$id", id),
                ("$attempt", attempt),
                ("$w", worker),
                ("$now", now));
            tx.Commit();
            return new TrialClaim
            {
                TrialId = id,
                Sweep = sweep,
                Index = index,
                Name = name,
                Spec = DeserializeSpec(specJson),
                Seed = seed,
                Attempt = attempt,
                Worker = worker,
                LeaseExpiresAt = FromUnix(expires),
            };
        });
    }

    /// <inheritdoc />
    public bool RenewLease(long trialId, string worker, TimeSpan lease) => Locked(() =>
        Execute(
            connection,
            null,
            $"UPDATE trials SET lease_expires_at = {NowSql} + $lease, heartbeat_at = {NowSql} WHERE id = $id AND status = 'running' AND lease_owner = $w",
            ("$lease", lease.TotalSeconds),
            ("$id", trialId),
            ("$w", worker)) == 1);

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
    public bool Release(long trialId, string worker) => Locked(() =>
    {
        using var tx = connection.BeginTransaction(deferred: false);
        double now = Now(tx);
        int n = Execute(
            connection,
            tx,
            "UPDATE trials SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL, started_at = NULL WHERE id = $id AND status = 'running' AND lease_owner = $w",
            ("$id", trialId),
            ("$w", worker));
        if (n == 0)
        {
            tx.Rollback();
            return false;
        }

        EndClaim(tx, trialId, worker, "released", now);
        tx.Commit();
        return true;
    });

    /// <inheritdoc />
    public bool ExpireLease(long trialId, string worker) => Locked(() =>
        Execute(
            connection,
            null,
            $"UPDATE trials SET lease_expires_at = {NowSql} - 1 WHERE id = $id AND status = 'running' AND lease_owner = $w",
            ("$id", trialId),
            ("$w", worker)) == 1);

    /// <inheritdoc />
    public int RetryFailed(string sweep) => Locked(() =>
    {
        using var tx = connection.BeginTransaction(deferred: false);
        long sweepId = RequireSweep(tx, sweep).Id;
        Execute(connection, tx, "DELETE FROM epochs WHERE trial_id IN (SELECT id FROM trials WHERE sweep_id = $s AND status = 'failed')", ("$s", sweepId));
        int n = Execute(
            connection,
            tx,
            "UPDATE trials SET status = 'pending', error = NULL, result = NULL, started_at = NULL, finished_at = NULL WHERE sweep_id = $s AND status = 'failed'",
            ("$s", sweepId));
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

    private bool Finish(long trialId, string worker, string status, string? reason, TrainingResult? result, IReadOnlyList<EpochMetrics> epochs) => Locked(() =>
    {
        using var tx = connection.BeginTransaction(deferred: false);
        double now = Now(tx);
        int n = Execute(
            connection,
            tx,
            "UPDATE trials SET status = $status, result = $result, error = $error, finished_at = $now, lease_owner = NULL, lease_expires_at = NULL " +
            "WHERE id = $id AND status = 'running' AND lease_owner = $w",
            ("$status", status),
            ("$result", result is null ? null : SpecJson.Serialize(result, indented: false)),
            ("$error", reason),
            ("$now", now),
            ("$id", trialId),
            ("$w", worker));
        if (n == 0)
        {
            tx.Rollback();
            return false;
        }

        // Metrics of an earlier, lost attempt are replaced by this attempt's.
        Execute(connection, tx, "DELETE FROM epochs WHERE trial_id = $id", ("$id", trialId));
        StoreWrites.InsertEpochs(connection, tx, trialId, epochs);

        EndClaim(tx, trialId, worker, status, now);
        tx.Commit();
        return true;
    });

    private void EndClaim(SqliteTransaction tx, long trialId, string worker, string outcome, double now) =>
        Execute(
            connection,
            tx,
            "UPDATE claims SET outcome = $outcome, ended_at = $now WHERE trial_id = $id AND worker = $w AND outcome IS NULL",
            ("$outcome", outcome),
            ("$now", now),
            ("$id", trialId),
            ("$w", worker));

    private TrialCounts Counts(SqliteTransaction? tx, long sweepId)
    {
        int pending = 0, running = 0, completed = 0, failed = 0;
        using var command = Command(connection, tx, "SELECT status, count(*) FROM trials WHERE sweep_id = $s GROUP BY status", ("$s", sweepId));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            int count = reader.GetInt32(1);
            switch (ParseStatus(reader.GetString(0)))
            {
                case TrialStatus.Pending: pending = count; break;
                case TrialStatus.Running: running = count; break;
                case TrialStatus.Completed: completed = count; break;
                case TrialStatus.Failed: failed = count; break;
            }
        }

        return new TrialCounts(pending, running, completed, failed);
    }

    private (long Id, SweepDefinition Sweep)? FindSweep(SqliteTransaction? tx, string name)
    {
        using var command = Command(connection, tx, $"SELECT {SweepColumns} FROM sweeps WHERE name = $name", ("$name", name));
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadSweep(reader) : null;
    }

    private (long Id, SweepDefinition Sweep) RequireSweep(SqliteTransaction? tx, string name)
    {
        if (FindSweep(tx, name) is { } found)
        {
            return found;
        }

        throw NotFound(name, Location, Query(connection, tx, "SELECT name FROM sweeps ORDER BY created_at, id", r => r.GetString(0)));
    }

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

    private double Now(SqliteTransaction? tx) => (double)Scalar(connection, tx, $"SELECT {NowSql}")!;

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
