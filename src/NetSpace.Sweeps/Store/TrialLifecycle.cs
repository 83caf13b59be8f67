using System.Data.Common;
using static NetSpace.Sweeps.StoreRows;

namespace NetSpace.Sweeps;

/// <summary>
/// The trial state machine both SQL stores run, inside a transaction the store opened (SQLite: <c>BEGIN IMMEDIATE</c>
/// under its lock; PostgreSQL: a pooled connection, with row locks from <see cref="SqlDialect.ClaimLock"/>):
/// pending → running (claim, lease) → completed | failed, or back to pending (release, expired lease).
/// Only the lease holder may finish or release a trial; every transition closes the worker's open claim row.
/// Times are the store's clock (<c>now</c> is read by the caller inside the same transaction).
/// </summary>
internal static class TrialLifecycle
{
    /// <summary>The columns a claim reads of a trial (with <see cref="ReadClaimRow"/>).</summary>
    public const string ClaimColumns = "id, idx, name, spec, seed, attempts";

    /// <summary>
    /// Records expired leases (their claims end as <c>lease-expired</c>; trials out of attempts fail), then hands the
    /// lowest-index pending or lease-expired trial to <paramref name="worker"/>. Null when none is left (the expiries
    /// are still to be committed by the caller).
    /// </summary>
    public static TrialClaim? Claim(DbConnection connection, DbTransaction tx, SqlDialect dialect, long sweepId, string sweep, string worker, TimeSpan lease, int maxAttempts, double now)
    {
        // Claims whose lease ran out lost their worker (killed, powered off, hung).
        Execute(
            connection,
            tx,
            "UPDATE claims SET outcome = 'lease-expired', ended_at = @now WHERE outcome IS NULL AND trial_id IN " +
            "(SELECT id FROM trials WHERE sweep_id = @s AND status = 'running' AND lease_expires_at < @now)",
            ("@s", sweepId),
            ("@now", now));
        Execute(
            connection,
            tx,
            "UPDATE trials SET status = 'failed', error = 'lost its worker on each of ' || attempts || ' attempts (lease expired)', " +
            "finished_at = @now, lease_owner = NULL, lease_expires_at = NULL " +
            "WHERE sweep_id = @s AND status = 'running' AND lease_expires_at < @now AND attempts >= @max",
            ("@s", sweepId),
            ("@now", now),
            ("@max", maxAttempts));

        var candidate = Query(
            connection,
            tx,
            $"SELECT {ClaimColumns} FROM trials WHERE sweep_id = @s AND " +
            "(status = 'pending' OR (status = 'running' AND lease_expires_at < @now)) ORDER BY idx LIMIT 1" + dialect.ClaimLock,
            r => ReadClaimRow(r) with { Attempt = r.GetInt32(5) + 1 },
            ("@s", sweepId),
            ("@now", now));
        if (candidate.Count == 0)
        {
            return null;
        }

        var c = candidate[0];
        double expires = now + lease.TotalSeconds;
        Execute(
            connection,
            tx,
            "UPDATE trials SET status = 'running', attempts = @attempt, lease_owner = @w, lease_expires_at = @expires, heartbeat_at = @now, " +
            "started_at = @now, finished_at = NULL, error = NULL, result = NULL WHERE id = @id",
            ("@attempt", c.Attempt),
            ("@w", worker),
            ("@expires", expires),
            ("@now", now),
            ("@id", c.Id));
        Execute(
            connection,
            tx,
            "INSERT INTO claims (trial_id, attempt, worker, claimed_at) VALUES (@id, @attempt, @w, @now)",
            ("@id", c.Id),
            ("@attempt", c.Attempt),
            ("@w", worker),
            ("@now", now));
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
    }

    /// <summary>
    /// Stores the outcome of <paramref name="worker"/>'s running trial (<c>completed</c> or <c>failed</c>) with its
    /// result and epochs (replacing an earlier lost attempt's). False when the worker no longer holds the lease.
    /// </summary>
    public static bool Finish(DbConnection connection, DbTransaction tx, long trialId, string worker, string status, string? reason, Training.TrainingResult? result, IReadOnlyList<Training.EpochMetrics> epochs, double now)
    {
        int n = Execute(
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
            return false;
        }

        // Metrics of an earlier, lost attempt are replaced by this attempt's.
        Execute(connection, tx, "DELETE FROM epochs WHERE trial_id = @id", ("@id", trialId));
        StoreWrites.InsertEpochs(connection, tx, trialId, epochs);
        EndClaim(connection, tx, trialId, worker, status, now);
        return true;
    }

    /// <summary>Gives <paramref name="worker"/>'s running trial back (pending). False when it no longer holds the lease.</summary>
    public static bool Release(DbConnection connection, DbTransaction tx, long trialId, string worker, double now)
    {
        int n = Execute(
            connection,
            tx,
            "UPDATE trials SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL, started_at = NULL WHERE id = @id AND status = 'running' AND lease_owner = @w",
            ("@id", trialId),
            ("@w", worker));
        if (n == 0)
        {
            return false;
        }

        EndClaim(connection, tx, trialId, worker, "released", now);
        return true;
    }

    /// <summary>Extends <paramref name="worker"/>'s lease by <paramref name="lease"/> from now (a heartbeat). False when it no longer holds it.</summary>
    public static bool RenewLease(DbConnection connection, SqlDialect dialect, long trialId, string worker, TimeSpan lease) =>
        Execute(
            connection,
            null,
            $"UPDATE trials SET lease_expires_at = {dialect.Now} + @lease, heartbeat_at = {dialect.Now} WHERE id = @id AND status = 'running' AND lease_owner = @w",
            ("@lease", lease.TotalSeconds),
            ("@id", trialId),
            ("@w", worker)) == 1;

    /// <summary>Ends <paramref name="worker"/>'s lease now, so the next claim records it as lost.</summary>
    public static bool ExpireLease(DbConnection connection, SqlDialect dialect, long trialId, string worker) =>
        Execute(
            connection,
            null,
            $"UPDATE trials SET lease_expires_at = {dialect.Now} - 1 WHERE id = @id AND status = 'running' AND lease_owner = @w",
            ("@id", trialId),
            ("@w", worker)) == 1;

    /// <summary>Makes every failed trial of the sweep pending again (their metrics dropped); returns how many.</summary>
    public static int RetryFailed(DbConnection connection, DbTransaction tx, long sweepId)
    {
        Execute(connection, tx, "DELETE FROM epochs WHERE trial_id IN (SELECT id FROM trials WHERE sweep_id = @s AND status = 'failed')", ("@s", sweepId));
        return Execute(
            connection,
            tx,
            "UPDATE trials SET status = 'pending', error = NULL, result = NULL, started_at = NULL, finished_at = NULL WHERE sweep_id = @s AND status = 'failed'",
            ("@s", sweepId));
    }

    /// <summary>A row of <see cref="ClaimColumns"/>; <c>Attempt</c> is the attempts already recorded.</summary>
    public static (long Id, int Index, string Name, string Spec, long Seed, int Attempt) ReadClaimRow(System.Data.Common.DbDataReader r) =>
        (r.GetInt64(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt32(5));

    /// <summary>Trial counts by status.</summary>
    public static TrialCounts Counts(DbConnection connection, DbTransaction? tx, long sweepId)
    {
        var rows = Query(connection, tx, "SELECT status, count(*) FROM trials WHERE sweep_id = @s GROUP BY status", r => (Status: ParseStatus(r.GetString(0)), Count: Convert.ToInt32(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)), ("@s", sweepId));
        int Of(TrialStatus status) => rows.Where(r => r.Status == status).Sum(r => r.Count);
        return new TrialCounts(Of(TrialStatus.Pending), Of(TrialStatus.Running), Of(TrialStatus.Completed), Of(TrialStatus.Failed));
    }

    /// <summary>The sweep's id and definition, or null.</summary>
    public static (long Id, SweepDefinition Sweep)? FindSweep(DbConnection connection, DbTransaction? tx, string name)
    {
        var found = Query(connection, tx, $"SELECT {SweepColumns} FROM sweeps WHERE name = @name", ReadSweep, ("@name", name));
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>The sweep's id and definition, or a <see cref="SweepNotFoundException"/> listing the store's sweeps.</summary>
    public static (long Id, SweepDefinition Sweep) RequireSweep(DbConnection connection, DbTransaction? tx, string name, string location) =>
        FindSweep(connection, tx, name)
        ?? throw NotFound(name, location, Query(connection, tx, "SELECT name FROM sweeps ORDER BY created_at, id", r => r.GetString(0)));

    /// <summary>The store's clock in Unix seconds.</summary>
    public static double Now(DbConnection connection, DbTransaction? tx, SqlDialect dialect) => Convert.ToDouble(Scalar(connection, tx, $"SELECT {dialect.Now}"), System.Globalization.CultureInfo.InvariantCulture);

    private static void EndClaim(DbConnection connection, DbTransaction tx, long trialId, string worker, string outcome, double now) =>
        Execute(
            connection,
            tx,
            "UPDATE claims SET outcome = @outcome, ended_at = @now WHERE trial_id = @id AND worker = @w AND outcome IS NULL",
            ("@outcome", outcome),
            ("@now", now),
            ("@id", trialId),
            ("@w", worker));
}
