namespace NetSpace.Sweeps;

/// <summary>
/// The one schema of the SQL trial stores (tables sweeps, trials, epochs, claims; JSON text for spec, recipe,
/// result and metrics; times as Unix seconds), written once with the dialect's column types, and its migrations.
/// </summary>
internal static class StoreSchema
{
    /// <summary>Version of the schema this code writes (table <c>schema_version</c>).</summary>
    public const int Version = 2;

    /// <summary>Migration k takes a store from version k to k + 1 (migration 0 creates the tables); see <see cref="SchemaMigrations"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Migrations(SqlDialect d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return
        [
            Tables(d),
            [SchemaMigrations.ClaimsByWorker],
        ];
    }

    private static string[] Tables(SqlDialect d) =>
    [
        $"CREATE TABLE schema_version (version {d.Integer} NOT NULL)",
        $"""
        CREATE TABLE sweeps (
            id {d.Key},
            name {d.Text} NOT NULL UNIQUE,
            space {d.Text} NOT NULL,
            constraints {d.Text} NOT NULL,
            recipe {d.Text} NOT NULL,
            data {d.Text} NOT NULL,
            subset {d.Integer},
            val_split {d.Real} NOT NULL,
            stem {d.Text},
            seed {d.BigInteger} NOT NULL,
            samples {d.Integer} NOT NULL,
            created_at {d.Real} NOT NULL)
        """,
        $"""
        CREATE TABLE trials (
            id {d.Key},
            sweep_id {d.KeyReference} NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
            idx {d.Integer} NOT NULL,
            name {d.Text} NOT NULL,
            spec {d.Text} NOT NULL,
            seed {d.BigInteger} NOT NULL,
            flops {d.BigInteger} NOT NULL,
            params {d.BigInteger} NOT NULL,
            acts {d.BigInteger} NOT NULL,
            status {d.Text} NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'completed', 'failed')),
            attempts {d.Integer} NOT NULL DEFAULT 0,
            lease_owner {d.Text},
            lease_expires_at {d.Real},
            heartbeat_at {d.Real},
            started_at {d.Real},
            finished_at {d.Real},
            result {d.Text},
            error {d.Text},
            UNIQUE (sweep_id, idx))
        """,
        "CREATE INDEX trials_by_status ON trials (sweep_id, status, idx)",
        $"""
        CREATE TABLE epochs (
            trial_id {d.KeyReference} NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
            epoch {d.Integer} NOT NULL,
            metrics {d.Text} NOT NULL,
            PRIMARY KEY (trial_id, epoch))
        """,
        $"""
        CREATE TABLE claims (
            id {d.Key},
            trial_id {d.KeyReference} NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
            attempt {d.Integer} NOT NULL,
            worker {d.Text} NOT NULL,
            claimed_at {d.Real} NOT NULL,
            ended_at {d.Real},
            outcome {d.Text})
        """,
        "CREATE INDEX claims_by_trial ON claims (trial_id)",
    ];
}
