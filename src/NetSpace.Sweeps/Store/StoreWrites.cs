using System.Data.Common;
using static NetSpace.Sweeps.StoreRows;

namespace NetSpace.Sweeps;

/// <summary>
/// Inserts shared by the SQL stores (SQLite and PostgreSQL both accept <c>@name</c> parameters and <c>RETURNING</c>):
/// a sweep row, and a whole archived sweep with trials, metrics and claims.
/// </summary>
internal static class StoreWrites
{
    /// <summary>Inserts the sweep row; returns its id.</summary>
    public static long InsertSweep(DbConnection connection, DbTransaction tx, SweepDefinition sweep, int samples, double createdAt) =>
        Convert.ToInt64(
            Scalar(
                connection,
                tx,
                "INSERT INTO sweeps (name, space, constraints, recipe, data, subset, val_split, stem, seed, samples, created_at) " +
                "VALUES (@name, @space, @constraints, @recipe, @data, @subset, @val_split, @stem, @seed, @samples, @created) RETURNING id",
                ("@name", sweep.Name),
                ("@space", sweep.Space),
                ("@constraints", Json(sweep.Constraints)),
                ("@recipe", Json(sweep.Recipe)),
                ("@data", sweep.Data),
                ("@subset", sweep.Subset),
                ("@val_split", sweep.ValSplit),
                ("@stem", sweep.Stem is { } stem ? StemText(stem) : null),
                ("@seed", sweep.Seed),
                ("@samples", samples),
                ("@created", createdAt)),
            System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Inserts a pending trial (no attempts, no lease).</summary>
    public static void InsertPending(DbConnection connection, DbTransaction tx, long sweepId, IReadOnlyList<NewTrial> trials)
    {
        foreach (var trial in trials)
        {
            Execute(
                connection,
                tx,
                "INSERT INTO trials (sweep_id, idx, name, spec, seed, flops, params, acts) VALUES (@sweep, @idx, @name, @spec, @seed, @flops, @params, @acts)",
                ("@sweep", sweepId),
                ("@idx", trial.Index),
                ("@name", trial.Name),
                ("@spec", Json(trial.Spec)),
                ("@seed", trial.Seed),
                ("@flops", trial.Complexity.Flops),
                ("@params", trial.Complexity.Params),
                ("@acts", trial.Complexity.Acts));
        }
    }

    /// <summary>Inserts a trial's per-epoch metrics.</summary>
    public static void InsertEpochs(DbConnection connection, DbTransaction tx, long trialId, IReadOnlyList<Training.EpochMetrics> epochs)
    {
        foreach (var m in epochs)
        {
            Execute(connection, tx, "INSERT INTO epochs (trial_id, epoch, metrics) VALUES (@id, @epoch, @metrics)", ("@id", trialId), ("@epoch", m.Epoch), ("@metrics", Json(m)));
        }
    }

    /// <summary>Inserts an archived sweep unchanged (states, leases, times, results, metrics, claims); returns the sweep id.</summary>
    public static long InsertArchive(DbConnection connection, DbTransaction tx, SweepArchive archive, double now)
    {
        long sweepId = InsertSweep(connection, tx, archive.Sweep, archive.Trials.Count, ToUnix(archive.Sweep.CreatedAt) ?? now);
        var ids = new Dictionary<int, long>();
        foreach (var (t, epochs) in archive.Trials)
        {
            long id = Convert.ToInt64(
                Scalar(
                    connection,
                    tx,
                    "INSERT INTO trials (sweep_id, idx, name, spec, seed, flops, params, acts, status, attempts, lease_owner, lease_expires_at, " +
                    "heartbeat_at, started_at, finished_at, result, error) VALUES (@sweep, @idx, @name, @spec, @seed, @flops, @params, @acts, @status, " +
                    "@attempts, @owner, @expires, @heartbeat, @started, @finished, @result, @error) RETURNING id",
                    ("@sweep", sweepId),
                    ("@idx", t.Index),
                    ("@name", t.Name),
                    ("@spec", Json(t.Spec)),
                    ("@seed", t.Seed),
                    ("@flops", t.Complexity.Flops),
                    ("@params", t.Complexity.Params),
                    ("@acts", t.Complexity.Acts),
                    ("@status", StatusText(t.Status)),
                    ("@attempts", t.Attempts),
                    ("@owner", t.LeaseOwner),
                    ("@expires", ToUnix(t.LeaseExpiresAt)),
                    ("@heartbeat", ToUnix(t.HeartbeatAt)),
                    ("@started", ToUnix(t.StartedAt)),
                    ("@finished", ToUnix(t.FinishedAt)),
                    ("@result", t.Result is null ? null : Json(t.Result)),
                    ("@error", t.Error)),
                System.Globalization.CultureInfo.InvariantCulture);
            ids[t.Index] = id;
            InsertEpochs(connection, tx, id, epochs);
        }

        foreach (var c in archive.Claims)
        {
            if (!ids.TryGetValue(c.Index, out long trial))
            {
                throw new InvalidDataException($"sweep '{archive.Sweep.Name}': a claim refers to trial {c.Index}, which the sweep does not have");
            }

            Execute(
                connection,
                tx,
                "INSERT INTO claims (trial_id, attempt, worker, claimed_at, ended_at, outcome) VALUES (@id, @attempt, @worker, @claimed, @ended, @outcome)",
                ("@id", trial),
                ("@attempt", c.Attempt),
                ("@worker", c.Worker),
                ("@claimed", ToUnix(c.ClaimedAt)),
                ("@ended", ToUnix(c.EndedAt)),
                ("@outcome", c.Outcome));
        }

        return sweepId;
    }
}
