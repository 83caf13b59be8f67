namespace NetSpace.Sweeps;

/// <summary>
/// What differs between the SQL stores: column types, the clock expression and row locking. Everything else
/// (schema, version, the claim/finish/release state machine) is shared (<see cref="StoreSchema"/>, <see cref="TrialLifecycle"/>).
/// Parameters are written <c>@name</c>, which both Microsoft.Data.Sqlite and Npgsql accept.
/// </summary>
internal sealed record SqlDialect
{
    /// <summary>SQLite: one file, a writer lock taken by <c>BEGIN IMMEDIATE</c>, so no row locks are needed.</summary>
    public static SqlDialect Sqlite { get; } = new()
    {
        // Unix seconds with millisecond resolution on SQLite's clock (works on every SQLite 3 version, unlike unixepoch('subsec')).
        Now = "((julianday('now') - 2440587.5) * 86400.0)",
        Key = "INTEGER PRIMARY KEY",
        KeyReference = "INTEGER",
        Integer = "INTEGER",
        BigInteger = "INTEGER",
        Real = "REAL",
        Text = "TEXT",
        ClaimLock = string.Empty,
    };

    /// <summary>PostgreSQL: the server's clock, and <c>FOR UPDATE SKIP LOCKED</c> so concurrent claimers pass each other's rows.</summary>
    public static SqlDialect Postgres { get; } = new()
    {
        Now = "extract(epoch from now())::float8",
        Key = "bigserial PRIMARY KEY",
        KeyReference = "bigint",
        Integer = "integer",
        BigInteger = "bigint",
        Real = "double precision",
        Text = "text",
        ClaimLock = " FOR UPDATE SKIP LOCKED",
    };

    /// <summary>The store's clock as Unix seconds (a double).</summary>
    public required string Now { get; init; }

    /// <summary>An auto-increment primary key column type.</summary>
    public required string Key { get; init; }

    /// <summary>The type of a column referencing a key.</summary>
    public required string KeyReference { get; init; }

    /// <summary>32-bit integers.</summary>
    public required string Integer { get; init; }

    /// <summary>64-bit integers.</summary>
    public required string BigInteger { get; init; }

    /// <summary>Doubles (times as Unix seconds, fractions).</summary>
    public required string Real { get; init; }

    /// <summary>Text (JSON included).</summary>
    public required string Text { get; init; }

    /// <summary>Appended to the claim's candidate SELECT.</summary>
    public required string ClaimLock { get; init; }
}
