using NetSpace.Sweeps;

namespace NetSpace.Tests;

/// <summary>A store location for one test; disposing deletes it.</summary>
internal interface IStoreUnderTest : IDisposable
{
    /// <summary>Where the store is (a file path or a server URL).</summary>
    string Location { get; }

    /// <summary>Opens (creating when needed) the store; each call is a new store object with its own connections.</summary>
    ITrialStore Open();
}

/// <summary>A fresh folder with a store file path, deleted on dispose.</summary>
internal sealed class TempStore : IStoreUnderTest
{
    public TempStore()
    {
        Folder = Path.Combine(Path.GetTempPath(), "netspace-sweeps-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        StorePath = Path.Combine(Folder, "store.db");
    }

    public string Folder { get; }

    public string StorePath { get; }

    public string Location => StorePath;

    public ITrialStore Open() => SqliteTrialStore.Open(StorePath);

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

/// <summary>A fresh database on the test PostgreSQL server.</summary>
internal sealed class TempPostgresStore(PostgresServer server) : IStoreUnderTest
{
    public TempPostgresStore()
        : this(PostgresServer.Shared)
    {
    }

    public string Location { get; } = server.CreateDatabase();

    public ITrialStore Open() => PostgresTrialStore.Open(Location);

    public void Dispose()
    {
    }
}
