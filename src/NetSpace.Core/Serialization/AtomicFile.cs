namespace NetSpace.Serialization;

/// <summary>
/// Files written whole or not at all (specs, results, metrics, checkpoints' side files, charts, pages): a
/// temporary file in the same folder, then a rename, so a reader or a crash never sees half a file.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes text (UTF-8) atomically: a temporary file in the same folder, then a rename.</summary>
    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, new System.Text.UTF8Encoding(false).GetBytes(text));

    /// <summary>Writes bytes atomically: a temporary file in the same folder, then a rename.</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        string full = Path.GetFullPath(path);
        string? dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        string temp = full + $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
