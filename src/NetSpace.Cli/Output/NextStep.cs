using NetSpace.Cli.Commands;

namespace NetSpace.Cli.Output;

/// <summary>
/// Pieces of the commands the CLI prints as hints ("next: …"), so that each hint runs as printed when
/// pasted into a shell: the store is named when it is not the default one, paths are quoted when needed.
/// </summary>
internal static class NextStep
{
    /// <summary>
    /// <c> --store LOCATION</c> when <paramref name="location"/> is not the store a bare command would open
    /// (<c>$NETSPACE_STORE</c>, else <c>./netspace.db</c>); an empty string when it is.
    /// </summary>
    public static string StoreOption(string location)
    {
        string fallback = SweepStoreOption.DefaultLocation();
        bool isDefault = IsUrl(location) || IsUrl(fallback)
            ? string.Equals(location, fallback, StringComparison.Ordinal)
            : string.Equals(Path.GetFullPath(location), Path.GetFullPath(fallback), StringComparison.Ordinal);
        return isDefault ? string.Empty : " --store " + Quote(location);
    }

    /// <summary><paramref name="word"/> as one POSIX shell word: unchanged when it holds only safe characters, else single-quoted.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        bool safe = word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "_-./:@%+=,".Contains(c, StringComparison.Ordinal));
        return safe ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static bool IsUrl(string location) => location.Contains("://", StringComparison.Ordinal);
}
