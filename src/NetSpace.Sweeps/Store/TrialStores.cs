namespace NetSpace.Sweeps;

/// <summary>Opens the trial store a location names: a PostgreSQL URL or connection string, else an SQLite file.</summary>
public static class TrialStores
{
    /// <summary>The environment variable that holds the store when no <c>--store</c> is given (how workers receive a location with a password).</summary>
    public const string EnvironmentVariable = "NETSPACE_STORE";

    /// <summary>Opens <paramref name="location"/>; creates the store when <paramref name="create"/>.</summary>
    public static ITrialStore Open(string location, bool create, PostgresStoreOptions? postgres = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        return PostgresLocation.IsPostgres(location)
            ? PostgresTrialStore.Open(location, create, postgres)
            : SqliteTrialStore.Open(location, create);
    }

    /// <summary>
    /// The location as another process on this machine should receive it: SQLite paths made absolute, server
    /// locations unchanged (they may hold a password, so pass them in <see cref="EnvironmentVariable"/>, not on a command line).
    /// </summary>
    public static string Normalize(string location) =>
        PostgresLocation.IsPostgres(location) ? location : Path.GetFullPath(location);

    /// <summary>The location as it may be printed: an SQLite path, or a server URL without its password.</summary>
    public static string Describe(string location) =>
        PostgresLocation.IsPostgres(location) ? PostgresLocation.Parse(location).Description : location;
}
