using System.CommandLine;
using NetSpace.DesignSpaces;
using NetSpace.Sweeps;

namespace NetSpace.Cli.Commands;

/// <summary>The <c>--store PATH</c> option of the sweep commands and the mapping of store errors to usage errors.</summary>
internal static class SweepStoreOption
{
    /// <summary>A new <c>--store</c> option (default: <c>$NETSPACE_STORE</c>, else <c>./netspace.db</c>).</summary>
    public static Option<string> Create() => new("--store")
    {
        Description = "Trial store: an SQLite file (one machine) or postgres://user@host:port/db (many machines; password from PGPASSWORD or ~/.pgpass); $NETSPACE_STORE sets the default",
        HelpName = "PATH|URL",
        DefaultValueFactory = _ => DefaultLocation(),
    };

    /// <summary><c>$NETSPACE_STORE</c> when set (how sweep run hands a server location to its workers), else <c>netspace.db</c>.</summary>
    public static string DefaultLocation() =>
        Environment.GetEnvironmentVariable(TrialStores.EnvironmentVariable) is { Length: > 0 } location ? location : SqliteTrialStore.DefaultPath;

    /// <summary>
    /// Opens the store; a missing (when not <paramref name="create"/>), foreign or newer store, or a server that stays
    /// unreachable, is a usage error. Retries while a server is unreachable are reported on <paramref name="log"/>.
    /// </summary>
    public static ITrialStore Open(string location, bool create, TextWriter? log = null) =>
        Guard(() => TrialStores.Open(location, create, new PostgresStoreOptions
        {
            Log = log is null ? null : line =>
            {
                lock (log)
                {
                    log.WriteLine("store: " + line);
                    log.Flush();
                }
            },
        }));

    /// <summary>Runs <paramref name="action"/>, turning the sweep layer's input errors into <see cref="CliUsageException"/> (exit 2).</summary>
    public static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is SweepExistsException or SweepNotFoundException or TrialStoreException or SamplingException)
        {
            throw new CliUsageException(ex.Message, ex);
        }
    }
}
