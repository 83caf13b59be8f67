using NetSpace.Sweeps;

namespace NetSpace.Tests;

/// <summary>A fresh folder with a store file path, deleted on dispose.</summary>
internal sealed class TempStore : IDisposable
{
    public TempStore()
    {
        Folder = Path.Combine(Path.GetTempPath(), "netspace-sweeps-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        StorePath = Path.Combine(Folder, "store.db");
    }

    public string Folder { get; }

    public string StorePath { get; }

    public SqliteTrialStore Open() => SqliteTrialStore.Open(StorePath);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
