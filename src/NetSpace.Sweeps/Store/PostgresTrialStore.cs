using System.Data.Common;
using System.Diagnostics;
using Npgsql;
using NetSpace.Training;
using Polly;
using Polly.Retry;
using static NetSpace.Sweeps.StoreRows;

namespace NetSpace.Sweeps;

/// <summary>
/// The trial store in a PostgreSQL database (Npgsql), for any number of workers on any number of machines.
/// Claims take the lowest-index claimable trial with <c>SELECT … FOR UPDATE SKIP LOCKED</c>, so concurrent
/// claimers never wait for each other and never take the same trial; leases and heartbeats are measured on
/// the server's clock (<c>now()</c>); a result and its per-epoch metrics are written in one transaction.
/// Every operation runs on a pooled connection of its own (the object is thread-safe) and is retried with
/// exponential back-off and jitter (Polly) while the server is unreachable or restarting, up to
/// <see cref="PostgresStoreOptions.Patience"/>; retried writes are idempotent (a completion whose commit
/// reached the server before the connection dropped is recognised, a claim is not taken twice by one worker).
/// <see cref="Location"/> never contains the password.
/// </summary>
public sealed class PostgresTrialStore : ITrialStore
{
    /// <summary>Version of the schema this code writes (table <c>schema_version</c>).</summary>
    public const int SchemaVersion = 2;

    private const string NowSql = "extract(epoch from now())::float8";

    // Serialises schema creation and migration across processes (any constant unique to NetSpace).
    private const long SchemaLockKey = 0x4E65745370616365;

    private static readonly string[] Schema =
    [
        "CREATE TABLE schema_version (version integer NOT NULL)",
        """
        CREATE TABLE sweeps (
            id bigserial PRIMARY KEY,
            name text NOT NULL UNIQUE,
            space text NOT NULL,
            constraints text NOT NULL,
            recipe text NOT NULL,
            data text NOT NULL,
            subset integer,
            val_split double precision NOT NULL,
            stem text,
            seed bigint NOT NULL,
            samples integer NOT NULL,
            created_at double precision NOT NULL)
        """,
        """
        CREATE TABLE trials (
            id bigserial PRIMARY KEY,
            sweep_id bigint NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
            idx integer NOT NULL,
            name text NOT NULL,
            spec text NOT NULL,
            seed bigint NOT NULL,
            flops bigint NOT NULL,
            params bigint NOT NULL,
            acts bigint NOT NULL,
            status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'completed', 'failed')),
            attempts integer NOT NULL DEFAULT 0,
            lease_owner text,
            lease_expires_at double precision,
            heartbeat_at double precision,
            started_at double precision,
            finished_at double precision,
            result text,
            error text,
            UNIQUE (sweep_id, idx))
        """,
        "CREATE INDEX trials_by_status ON trials (sweep_id, status, idx)",
        """
        CREATE TABLE epochs (
            trial_id bigint NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
            epoch integer NOT NULL,
            metrics text NOT NULL,
            PRIMARY KEY (trial_id, epoch))
        """,
        """
        CREATE TABLE claims (
            id bigserial PRIMARY KEY,
            trial_id bigint NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
            attempt integer NOT NULL,
            worker text NOT NULL,
            claimed_at double precision NOT NULL,
            ended_at double precision,
            outcome text)
        """,
        "CREATE INDEX claims_by_trial ON claims (trial_id)",
    ];

    // Migration k takes the schema from version k to k + 1 (the same steps as the SQLite store's).
    private static readonly IReadOnlyList<IReadOnlyList<string>> Migrations =
    [
        Schema,
        [SchemaMigrations.ClaimsByWorker],
    ];

    private readonly NpgsqlDataSource dataSource;
    private readonly ResiliencePipeline pipeline;
    private readonly PostgresStoreOptions options;
    private bool disposed;

    private PostgresTrialStore(NpgsqlDataSource dataSource, string location, PostgresStoreOptions options)
    {
        this.dataSource = dataSource;
        this.options = options;
        Location = location;
        pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex && IsTransient(ex) && Elapsed(args.Context) < options.Patience),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.FirstDelay,
                MaxDelay = options.MaxDelay,
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    // A restarted server leaves every pooled connection broken: drop them all at once.
                    dataSource.Clear();
                    options.Log?.Invoke($"{Location}: {Describe(args.Outcome.Exception!)}; retrying in {args.RetryDelay.TotalSeconds:0.0} s (attempt {args.AttemptNumber + 1})");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>
    /// Opens the store at <paramref name="location"/> (<c>postgres://user@host:port/db</c> or a connection string;
    /// the password may come from the location, <c>PGPASSWORD</c> or a pgpass file), creating or migrating the
    /// schema when <paramref name="create"/> (otherwise a database without a store is a <see cref="TrialStoreException"/>).
    /// </summary>
    public static PostgresTrialStore Open(string location, bool create = true, PostgresStoreOptions? options = null) =>
        Open(location, create, options ?? new PostgresStoreOptions(), SchemaVersion);

    /// <summary>Opens the store, bringing a new or older schema to <paramref name="schemaVersion"/> (tests create old versions).</summary>
    internal static PostgresTrialStore Open(string location, bool create, PostgresStoreOptions options, int schemaVersion)
    {
        var target = PostgresLocation.Parse(location);
        var dataSource = NpgsqlDataSource.Create(target.ConnectionString);
        var store = new PostgresTrialStore(dataSource, target.Description, options);
        try
        {
            store.Run((connection, _) =>
            {
                using var tx = connection.BeginTransaction();
                StoreRows.Execute(connection, tx, "SELECT pg_advisory_xact_lock(@key)", ("@key", SchemaLockKey));
                bool hasVersionTable = Scalar(connection, tx, "SELECT to_regclass('schema_version') IS NOT NULL") is true;
                if (!hasVersionTable)
                {
                    if (Scalar(connection, tx, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()") is long n && n > 0)
                    {
                        throw new TrialStoreException($"{store.Location}: the database has tables but is not a NetSpace trial store (no schema_version table)");
                    }

                    if (!create)
                    {
                        throw new TrialStoreException($"{store.Location}: no trial store here (create a sweep first, e.g.: netspace sweep create demo --space regnetx --samples 8 --flops 1M:3M --stem small --epochs 1 --subset 2000 --store {store.Location})");
                    }
                }

                long? version = hasVersionTable ? Convert.ToInt64(Scalar(connection, tx, "SELECT coalesce(max(version), 0) FROM schema_version"), System.Globalization.CultureInfo.InvariantCulture) : null;
                SchemaMigrations.Upgrade(connection, tx, store.Location, Migrations, version, schemaVersion);
                tx.Commit();
                return true;
            });
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public DateTimeOffset GetTime() => Read(connection => FromUnix(Now(connection, null)));

    /// <inheritdoc />
    public SweepDefinition CreateSweep(SweepDefinition sweep, IReadOnlyList<NewTrial> trials)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(trials);
        SweepDefinition.ValidateName(sweep.Name);
        return Run((connection, retry) =>
        {
            using var tx = connection.BeginTransaction();
            if (FindSweep(connection, tx, sweep.Name) is { } existing)
            {
                // On a retry the first attempt may have committed before its connection dropped.
                if (retry && existing.Sweep.Samples == trials.Count && existing.Sweep.Space == sweep.Space && existing.Sweep.Seed == sweep.Seed)
                {
                    return existing.Sweep;
                }

                throw new SweepExistsException($"a sweep named '{sweep.Name}' already exists in {Location}; choose another name");
            }

            double now = Now(connection, tx);
            long id = StoreWrites.InsertSweep(connection, tx, sweep, trials.Count, now);
            StoreWrites.InsertPending(connection, tx, id, trials);
            tx.Commit();
            return sweep with { Samples = trials.Count, CreatedAt = FromUnix(now) };
        });
    }

    /// <inheritdoc />
    public SweepDefinition ImportSweep(SweepArchive archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        SweepDefinition.ValidateName(archive.Sweep.Name);
        return Run((connection, retry) =>
        {
            using var tx = connection.BeginTransaction();
            if (FindSweep(connection, tx, archive.Sweep.Name) is { } existing)
            {
                if (retry && existing.Sweep.CreatedAt == archive.Sweep.CreatedAt && existing.Sweep.Samples == archive.Trials.Count)
                {
                    return existing.Sweep;
                }

                throw new SweepExistsException($"a sweep named '{archive.Sweep.Name}' already exists in {Location}; choose another name");
            }

            StoreWrites.InsertArchive(connection, tx, archive, Now(connection, tx));
            var stored = FindSweep(connection, tx, archive.Sweep.Name)!.Value.Sweep;
            tx.Commit();
            return stored;
        });
    }

    /// <inheritdoc />
    public bool DeleteSweep(string name) => Run((connection, _) => StoreRows.Execute(connection, null, "DELETE FROM sweeps WHERE name = @name", ("@name", name)) == 1);

    /// <inheritdoc />
    public SweepDefinition? FindSweep(string name) => Read(connection => FindSweep(connection, null, name)?.Sweep);

    /// <inheritdoc />
    public SweepDefinition GetSweep(string name) => Read(connection => RequireSweep(connection, null, name).Sweep);

    /// <inheritdoc />
    public IReadOnlyList<SweepOverview> ListSweeps() => Read(connection =>
    {
        var sweeps = Query(connection, null, $"SELECT {SweepColumns} FROM sweeps ORDER BY created_at, id", ReadSweep);
        return sweeps.Select(s =>
        {
            object? best = Scalar(
                connection,
                null,
                "SELECT min((result::jsonb ->> 'best_top1_error')::float8) FROM trials WHERE sweep_id = @s AND status = 'completed'",
                ("@s", s.Id));
            return new SweepOverview(s.Sweep, Counts(connection, s.Id), best is double d ? d : null);
        }).ToArray();
    });

    /// <inheritdoc />
    public TrialCounts CountTrials(string sweep) => Read(connection => Counts(connection, RequireSweep(connection, null, sweep).Id));

    /// <inheritdoc />
    public IReadOnlyList<TrialRecord> GetTrials(string sweep) => Read(connection =>
    {
        long id = RequireSweep(connection, null, sweep).Id;
        return Query(connection, null, $"SELECT {TrialColumns} FROM trials t JOIN sweeps s ON s.id = t.sweep_id WHERE t.sweep_id = @s ORDER BY t.idx", ReadTrial, ("@s", id));
    });

    /// <inheritdoc />
    public IReadOnlyList<EpochMetrics> GetEpochs(long trialId) => Read(connection =>
        Query(connection, null, "SELECT metrics FROM epochs WHERE trial_id = @t ORDER BY epoch", r => Deserialize<EpochMetrics>(r.GetString(0)), ("@t", trialId)));

    /// <inheritdoc />
    public IReadOnlyList<ClaimRecord> GetClaims(string sweep) => Read(connection =>
    {
        long id = RequireSweep(connection, null, sweep).Id;
        return Query(
            connection,
            null,
            "SELECT c.trial_id, t.idx, c.attempt, c.worker, c.claimed_at, c.ended_at, c.outcome FROM claims c JOIN trials t ON t.id = c.trial_id WHERE t.sweep_id = @s ORDER BY c.id",
            ReadClaim,
            ("@s", id));
    });

    /// <inheritdoc />
    public TrialClaim? ClaimNext(string sweep, string worker, TimeSpan lease, int maxAttempts) => ClaimNext(sweep, worker, lease, maxAttempts, assumeRetry: false);

    /// <summary><see cref="ClaimNext(string, string, TimeSpan, int)"/>; with <paramref name="assumeRetry"/> it behaves as a retry after a lost acknowledgement (tests).</summary>
    internal TrialClaim? ClaimNext(string sweep, string worker, TimeSpan lease, int maxAttempts, bool assumeRetry)
    {
        ArgumentException.ThrowIfNullOrEmpty(worker);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        return Run(assumeRetry, (connection, retry) =>
        {
            using var tx = connection.BeginTransaction();
            var (sweepId, _) = RequireSweep(connection, tx, sweep);
            double now = Now(connection, tx);
            if (retry && Held(connection, tx, sweepId, worker, lease, now) is { } held)
            {
                // The first attempt committed its claim before the connection dropped: this worker already holds it.
                tx.Commit();
                return held with { Sweep = sweep };
            }

            // Claims whose lease ran out lost their worker (killed, powered off, hung).
            StoreRows.Execute(
                connection,
                tx,
                "UPDATE claims SET outcome = 'lease-expired', ended_at = @now WHERE outcome IS NULL AND trial_id IN " +
                "(SELECT id FROM trials WHERE sweep_id = @s AND status = 'running' AND lease_expires_at < @now)",
                ("@s", sweepId),
                ("@now", now));
            StoreRows.Execute(
                connection,
                tx,
                "UPDATE trials SET status = 'failed', error = format('lost its worker on each of %s attempts (lease expired)', attempts), " +
                "finished_at = @now, lease_owner = NULL, lease_expires_at = NULL " +
                "WHERE sweep_id = @s AND status = 'running' AND lease_expires_at < @now AND attempts >= @max",
                ("@s", sweepId),
                ("@now", now),
                ("@max", maxAttempts));

            // SKIP LOCKED: a trial another claimer is taking right now is passed over, not waited for.
            var candidate = Query(
                connection,
                tx,
                "SELECT id, idx, name, spec, seed, attempts FROM trials WHERE sweep_id = @s AND " +
                "(status = 'pending' OR (status = 'running' AND lease_expires_at < @now)) ORDER BY idx LIMIT 1 FOR UPDATE SKIP LOCKED",
                r => (Id: r.GetInt64(0), Index: r.GetInt32(1), Name: r.GetString(2), Spec: r.GetString(3), Seed: r.GetInt64(4), Attempt: r.GetInt32(5) + 1),
                ("@s", sweepId),
                ("@now", now));
            if (candidate.Count == 0)
            {
                tx.Commit(); // keep the expiries recorded above
                return null;
            }

            var c = candidate[0];
            double expires = now + lease.TotalSeconds;
            StoreRows.Execute(
                connection,
                tx,
                "UPDATE trials SET status = 'running', attempts = @attempt, lease_owner = @w, lease_expires_at = @expires, heartbeat_at = @now, " +
                "started_at = @now, finished_at = NULL, error = NULL, result = NULL WHERE id = @id",
                ("@attempt", c.Attempt),
                ("@w", worker),
                ("@expires", expires),
                ("@now", now),
                ("@id", c.Id));
            StoreRows.Execute(
                connection,
                tx,
                "INSERT INTO claims (trial_id, attempt, worker, claimed_at) VALUES (@id, @attempt, @w, @now)",
                ("@id", c.Id),
                ("@attempt", c.Attempt),
                ("@w", worker),
                ("@now", now));
            tx.Commit();
            return new TrialClaim
            {
                TrialId = c.Id,
                Sweep = sweep,
                Index = c.Index,
                Name = c.Name,
                Spec = DeserializeSpec(c.Spec),
                Seed = c.Seed,
                Attempt = c.Attempt,
                Worker = worker,
                LeaseExpiresAt = FromUnix(expires),
            };
        });
    }

    /// <inheritdoc />
    public bool RenewLease(long trialId, string worker, TimeSpan lease) => Run((connection, _) =>
        StoreRows.Execute(
            connection,
            null,
            $"UPDATE trials SET lease_expires_at = {NowSql} + @lease, heartbeat_at = {NowSql} WHERE id = @id AND status = 'running' AND lease_owner = @w",
            ("@lease", lease.TotalSeconds),
            ("@id", trialId),
            ("@w", worker)) == 1);

    /// <inheritdoc />
    public bool Complete(long trialId, string worker, TrainingResult result, IReadOnlyList<EpochMetrics> epochs)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(epochs);
        return Finish(trialId, worker, "completed", null, result, epochs, assumeRetry: false);
    }

    /// <summary><see cref="Complete"/> as a retry after a lost acknowledgement would run it (tests).</summary>
    internal bool CompleteAsRetry(long trialId, string worker, TrainingResult result, IReadOnlyList<EpochMetrics> epochs) =>
        Finish(trialId, worker, "completed", null, result, epochs, assumeRetry: true);

    /// <inheritdoc />
    public bool Fail(long trialId, string worker, string reason, TrainingResult? result, IReadOnlyList<EpochMetrics> epochs)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        ArgumentNullException.ThrowIfNull(epochs);
        return Finish(trialId, worker, "failed", reason, result, epochs, assumeRetry: false);
    }

    /// <inheritdoc />
    public bool Release(long trialId, string worker) => Run((connection, retry) =>
    {
        using var tx = connection.BeginTransaction();
        double now = Now(connection, tx);
        int n = StoreRows.Execute(
            connection,
            tx,
            "UPDATE trials SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL, started_at = NULL WHERE id = @id AND status = 'running' AND lease_owner = @w",
            ("@id", trialId),
            ("@w", worker));
        if (n == 0)
        {
            bool done = retry && Ended(connection, tx, trialId, worker, "released");
            tx.Rollback();
            return done;
        }

        EndClaim(connection, tx, trialId, worker, "released", now);
        tx.Commit();
        return true;
    });

    /// <inheritdoc />
    public bool ExpireLease(long trialId, string worker) => Run((connection, _) =>
        StoreRows.Execute(
            connection,
            null,
            $"UPDATE trials SET lease_expires_at = {NowSql} - 1 WHERE id = @id AND status = 'running' AND lease_owner = @w",
            ("@id", trialId),
            ("@w", worker)) == 1);

    /// <inheritdoc />
    public int RetryFailed(string sweep) => Run((connection, _) =>
    {
        using var tx = connection.BeginTransaction();
        long sweepId = RequireSweep(connection, tx, sweep).Id;
        StoreRows.Execute(connection, tx, "DELETE FROM epochs WHERE trial_id IN (SELECT id FROM trials WHERE sweep_id = @s AND status = 'failed')", ("@s", sweepId));
        int n = StoreRows.Execute(
            connection,
            tx,
            "UPDATE trials SET status = 'pending', error = NULL, result = NULL, started_at = NULL, finished_at = NULL WHERE sweep_id = @s AND status = 'failed'",
            ("@s", sweepId));
        tx.Commit();
        return n;
    });

    /// <summary>Closes the pool.</summary>
    public void Dispose()
    {
        if (!disposed)
        {
            disposed = true;
            dataSource.Dispose();
        }
    }

    /// <summary>True for errors that a retry can cure: no connection, a server shutting down or starting, a broken pipe, a serialisation conflict.</summary>
    internal static bool IsTransient(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exceptions
            || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) // admin shutdown, crash shutdown, cannot connect now
            || pg.SqlState is "40001" or "40P01" or "53300", // serialization failure, deadlock, too many connections
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException,
        System.Net.Sockets.SocketException or IOException or TimeoutException => true,
        InvalidOperationException when ex.Message.Contains("connection", StringComparison.OrdinalIgnoreCase) && ex.Message.Contains("broken", StringComparison.OrdinalIgnoreCase) => true,
        _ => false,
    };

    private static string Describe(Exception ex) => ex is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : ex.Message;

    private static TimeSpan Elapsed(ResilienceContext context) =>
        context.Properties.TryGetValue(StartKey, out long start) ? Stopwatch.GetElapsedTime(start) : TimeSpan.Zero;

    private static readonly ResiliencePropertyKey<long> StartKey = new("netspace.started");

    private static readonly ResiliencePropertyKey<bool> RetryKey = new("netspace.retry");

    private T Read<T>(Func<NpgsqlConnection, T> action) => Run((connection, _) => action(connection));

    private T Run<T>(Func<NpgsqlConnection, bool, T> action) => Run(false, action);

    /// <summary>
    /// Runs <paramref name="action"/> on a fresh pooled connection under the retry pipeline; the flag tells
    /// the action whether an earlier attempt failed (its commit may or may not have reached the server).
    /// Errors become <see cref="TrialStoreException"/>s naming the location, never the password.
    /// </summary>
    private T Run<T>(bool assumeRetry, Func<NpgsqlConnection, bool, T> action)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var context = ResilienceContextPool.Shared.Get();
        context.Properties.Set(StartKey, Stopwatch.GetTimestamp());
        context.Properties.Set(RetryKey, assumeRetry);
        try
        {
            return pipeline.Execute(
                static (ctx, state) =>
                {
                    bool retry = ctx.Properties.GetValue(RetryKey, false);
                    ctx.Properties.Set(RetryKey, true);
                    using var connection = state.Self.dataSource.OpenConnection();
                    return state.Action(connection, retry);
                },
                context,
                (Self: this, Action: action));
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            throw new TrialStoreException($"{Location}: the database stayed unreachable for {options.Patience.TotalSeconds:0} s ({Describe(ex)}); is the server running and reachable?", ex);
        }
        catch (Exception ex) when (ex is NpgsqlException or PostgresException)
        {
            throw new TrialStoreException($"{Location}: {Describe(ex)}", ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private bool Finish(long trialId, string worker, string status, string? reason, TrainingResult? result, IReadOnlyList<EpochMetrics> epochs, bool assumeRetry) => Run(assumeRetry, (connection, retry) =>
    {
        using var tx = connection.BeginTransaction();
        double now = Now(connection, tx);
        int n = StoreRows.Execute(
            connection,
            tx,
            "UPDATE trials SET status = @status, result = @result, error = @error, finished_at = @now, lease_owner = NULL, lease_expires_at = NULL " +
            "WHERE id = @id AND status = 'running' AND lease_owner = @w",
            ("@status", status),
            ("@result", result is null ? null : Json(result)),
            ("@error", reason),
            ("@now", now),
            ("@id", trialId),
            ("@w", worker));
        if (n == 0)
        {
            // A retry finds its own earlier commit: the result is stored once, and the worker is told so.
            bool done = retry && Ended(connection, tx, trialId, worker, status);
            tx.Rollback();
            return done;
        }

        // Metrics of an earlier, lost attempt are replaced by this attempt's.
        StoreRows.Execute(connection, tx, "DELETE FROM epochs WHERE trial_id = @id", ("@id", trialId));
        StoreWrites.InsertEpochs(connection, tx, trialId, epochs);

        EndClaim(connection, tx, trialId, worker, status, now);
        tx.Commit();
        return true;
    });

    private static bool Ended(NpgsqlConnection connection, DbTransaction tx, long trialId, string worker, string outcome) =>
        Scalar(
            connection,
            tx,
            "SELECT count(*) FROM claims WHERE id = (SELECT max(id) FROM claims WHERE trial_id = @id) AND worker = @w AND outcome = @outcome",
            ("@id", trialId),
            ("@w", worker),
            ("@outcome", outcome)) is long k && k > 0;

    private static TrialClaim? Held(NpgsqlConnection connection, DbTransaction tx, long sweepId, string worker, TimeSpan lease, double now)
    {
        var held = Query(
            connection,
            tx,
            "SELECT id, idx, name, spec, seed, attempts FROM trials WHERE sweep_id = @s AND status = 'running' AND lease_owner = @w ORDER BY idx LIMIT 1 FOR UPDATE",
            r => (Id: r.GetInt64(0), Index: r.GetInt32(1), Name: r.GetString(2), Spec: r.GetString(3), Seed: r.GetInt64(4), Attempt: r.GetInt32(5)),
            ("@s", sweepId),
            ("@w", worker));
        if (held.Count == 0)
        {
            return null;
        }

        var h = held[0];
        double expires = now + lease.TotalSeconds;
        StoreRows.Execute(connection, tx, "UPDATE trials SET lease_expires_at = @expires, heartbeat_at = @now WHERE id = @id", ("@expires", expires), ("@now", now), ("@id", h.Id));
        return new TrialClaim
        {
            TrialId = h.Id,
            Sweep = string.Empty,
            Index = h.Index,
            Name = h.Name,
            Spec = DeserializeSpec(h.Spec),
            Seed = h.Seed,
            Attempt = h.Attempt,
            Worker = worker,
            LeaseExpiresAt = FromUnix(expires),
        };
    }

    private static void EndClaim(NpgsqlConnection connection, DbTransaction tx, long trialId, string worker, string outcome, double now) =>
        StoreRows.Execute(
            connection,
            tx,
            "UPDATE claims SET outcome = @outcome, ended_at = @now WHERE trial_id = @id AND worker = @w AND outcome IS NULL",
            ("@outcome", outcome),
            ("@now", now),
            ("@id", trialId),
            ("@w", worker));

    private static TrialCounts Counts(NpgsqlConnection connection, long sweepId)
    {
        var rows = Query(connection, null, "SELECT status, count(*)::int FROM trials WHERE sweep_id = @s GROUP BY status", r => (Status: ParseStatus(r.GetString(0)), Count: r.GetInt32(1)), ("@s", sweepId));
        int Of(TrialStatus status) => rows.Where(r => r.Status == status).Sum(r => r.Count);
        return new TrialCounts(Of(TrialStatus.Pending), Of(TrialStatus.Running), Of(TrialStatus.Completed), Of(TrialStatus.Failed));
    }

    private static (long Id, SweepDefinition Sweep)? FindSweep(NpgsqlConnection connection, DbTransaction? tx, string name)
    {
        var found = Query(connection, tx, $"SELECT {SweepColumns} FROM sweeps WHERE name = @name", ReadSweep, ("@name", name));
        return found.Count == 0 ? null : found[0];
    }

    private (long Id, SweepDefinition Sweep) RequireSweep(NpgsqlConnection connection, DbTransaction? tx, string name) =>
        FindSweep(connection, tx, name)
        ?? throw NotFound(name, Location, Query(connection, tx, "SELECT name FROM sweeps ORDER BY created_at, id", r => r.GetString(0)));

    private static double Now(NpgsqlConnection connection, DbTransaction? tx) => (double)Scalar(connection, tx, $"SELECT {NowSql}")!;
}
