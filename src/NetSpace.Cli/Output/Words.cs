using System.Globalization;

namespace NetSpace.Cli.Output;

/// <summary>Small wording helpers for console lines ("1 epoch", "2 epochs").</summary>
internal static class Words
{
    /// <summary><paramref name="n"/> and <paramref name="noun"/>, with an "s" unless <paramref name="n"/> is 1.</summary>
    public static string Count(long n, string noun) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");
}
