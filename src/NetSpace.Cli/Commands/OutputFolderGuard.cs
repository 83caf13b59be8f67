namespace NetSpace.Cli.Commands;

/// <summary>
/// Refuses to write into a folder that already holds something else: an output folder must be new, empty, or
/// one this command wrote before (recognised by its marker files), so a run's files never mix with unrelated ones.
/// </summary>
internal static class OutputFolderGuard
{
    /// <summary>
    /// Throws a <see cref="CliUsageException"/> when <paramref name="dir"/> exists, is not empty and holds none of
    /// <paramref name="markers"/> (file names relative to it).
    /// </summary>
    public static void RequireNewOrOwn(string dir, string option, string what, params string[] markers)
    {
        ArgumentNullException.ThrowIfNull(dir);
        if (!Directory.Exists(dir) || !Directory.EnumerateFileSystemEntries(dir).Any())
        {
            return;
        }

        if (markers.Any(m => File.Exists(Path.Combine(dir, m))))
        {
            return;
        }

        throw new CliUsageException($"{option} {dir}: the folder is not empty and holds no {what} ({string.Join(" or ", markers)} expected); choose a new or empty folder");
    }
}
