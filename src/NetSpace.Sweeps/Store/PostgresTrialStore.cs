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
    public const int SchemaVersion = StoreSchema.Version;

    private static readonly SqlDialect Dialect = SqlDialect.Postgres;

    // Serialises schema creation and migration across processes (any constant unique to NetSpace).
    private const long SchemaLockKey = 0x4E65745370616365;

    // Migration k takes the schema from version k to k + 1 (the same steps as the SQLite store's).
    private static readonly IReadOnlyList<IReadOnlyList<string>> Migrations = StoreSchema.Migrations(Dialect);

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

            // SKIP LOCKED (the dialect's claim lock): a trial another claimer is taking right now is passed over, not waited for.
            var claim = TrialLifecycle.Claim(connection, tx, Dialect, sweepId, sweep, worker, lease, maxAttempts, now);
            tx.Commit(); // with no claim, keeps the expiries recorded
            return claim;
        });
    }

    /// <inheritdoc />
    public bool RenewLease(long trialId, string worker, TimeSpan lease) => Run((connection, _) => TrialLifecycle.RenewLease(connection, Dialect, trialId, worker, lease));

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
        if (!TrialLifecycle.Release(connection, tx, trialId, worker, Now(connection, tx)))
        {
            bool done = retry && Ended(connection, tx, trialId, worker, "released");
            tx.Rollback();
            return done;
        }

        tx.Commit();
        return true;
    });

    /// <inheritdoc />
    public bool ExpireLease(long trialId, string worker) => Run((connection, _) => TrialLifecycle.ExpireLease(connection, Dialect, trialId, worker));

    /// <inheritdoc />
    public int RetryFailed(string sweep) => Run((connection, _) =>
    {
        using var tx = connection.BeginTransaction();
        int n = TrialLifecycle.RetryFailed(connection, tx, RequireSweep(connection, tx, sweep).Id);
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
        if (!TrialLifecycle.Finish(connection, tx, trialId, worker, status, reason, result, epochs, Now(connection, tx)))
        {
            // A retry finds its own earlier commit: the result is stored once, and the worker is told so.
            bool done = retry && Ended(connection, tx, trialId, worker, status);
            tx.Rollback();
            return done;
        }

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
            $"SELECT {TrialLifecycle.ClaimColumns} FROM trials WHERE sweep_id = @s AND status = 'running' AND lease_owner = @w ORDER BY idx LIMIT 1 FOR UPDATE",
            TrialLifecycle.ReadClaimRow,
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

    private static TrialCounts Counts(NpgsqlConnection connection, long sweepId) => TrialLifecycle.Counts(connection, null, sweepId);

    private static (long Id, SweepDefinition Sweep)? FindSweep(NpgsqlConnection connection, DbTransaction? tx, string name) => TrialLifecycle.FindSweep(connection, tx, name);

    private (long Id, SweepDefinition Sweep) RequireSweep(NpgsqlConnection connection, DbTransaction? tx, string name) => TrialLifecycle.RequireSweep(connection, tx, name, Location);

    private static double Now(NpgsqlConnection connection, DbTransaction? tx) => TrialLifecycle.Now(connection, tx, Dialect);
}
