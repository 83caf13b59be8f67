using System.CommandLine;
using NetSpace.DesignSpaces;
using NetSpace.Sweeps;

namespace NetSpace.Cli.Commands;

/// <summary>The <c>--store PATH</c> option of the sweep commands and the mapping of store errors to usage errors.</summary>
internal static class SweepStoreOption
{
    /// <summary>A new <c>--store</c> option (default <c>./netspace.db</c>).</summary>
    public static Option<string> Create() => new("--store")
    {
        Description = "Trial store: an SQLite file shared by all workers",
        HelpName = "PATH",
        DefaultValueFactory = _ => SqliteTrialStore.DefaultPath,
    };

    /// <summary>Opens the store; a missing (when not <paramref name="create"/>), foreign or newer store is a usage error.</summary>
    public static SqliteTrialStore Open(string path, bool create) => Guard(() => SqliteTrialStore.Open(path, create));

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
