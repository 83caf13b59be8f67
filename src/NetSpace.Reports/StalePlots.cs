namespace NetSpace.Reports;

/// <summary>
/// Removes the plots an earlier analysis wrote into the same folder that this one did not (e.g. a trend chart of a
/// parameter that no longer varies, or a third sweep's width profile), so <c>plots/</c> matches the report.
/// </summary>
public static class StalePlots
{
    /// <summary>Deletes <c>*.svg</c> and <c>*.png</c> files in <paramref name="plots"/> whose name is not one of <paramref name="current"/>.</summary>
    public static IReadOnlyList<string> Remove(string plots, IEnumerable<string> current)
    {
        ArgumentNullException.ThrowIfNull(plots);
        ArgumentNullException.ThrowIfNull(current);
        if (!Directory.Exists(plots))
        {
            return [];
        }

        var keep = current.ToHashSet(StringComparer.Ordinal);
        var removed = new List<string>();
        foreach (string file in Directory.EnumerateFiles(plots))
        {
            string extension = Path.GetExtension(file);
            if ((extension == ".svg" || extension == ".png") && !keep.Contains(Path.GetFileNameWithoutExtension(file)))
            {
                File.Delete(file);
                removed.Add(file);
            }
        }

        return removed;
    }
}
