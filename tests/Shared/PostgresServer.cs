using System.Diagnostics;
using Npgsql;

namespace NetSpace.Tests;

/// <summary>
/// A real PostgreSQL server for the store tests, run by <c>scripts/pg-test-server.sh</c> (private data folder,
/// unprivileged owner, 127.0.0.1, password authentication). <see cref="Shared"/> is the server <c>.ci/run</c>
/// started (<c>NETSPACE_TEST_PG_DIR</c>) or one started for this test process; tests that stop or restart a
/// server use <see cref="StartPrivate"/>. Every test gets a database of its own. Without PostgreSQL installed
/// the tests fail with what to install: the README's set-up installs it, and CI must test against it.
/// </summary>
internal sealed class PostgresServer : IDisposable
{
    private static readonly Lazy<PostgresServer> SharedServer = new(() =>
    {
        string? dir = Environment.GetEnvironmentVariable("NETSPACE_TEST_PG_DIR");
        if (!string.IsNullOrEmpty(dir) && File.Exists(Path.Combine(dir, "url")))
        {
            return new PostgresServer(dir, owned: false);
        }

        var server = StartPrivate();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server;
    });

    private readonly bool owned;

    private PostgresServer(string folder, bool owned)
    {
        Folder = folder;
        this.owned = owned;
        AdminUrl = File.ReadAllText(Path.Combine(folder, "url")).Trim();
    }

    /// <summary>The server of this test process.</summary>
    public static PostgresServer Shared => SharedServer.Value;

    /// <summary>The server's folder (data, log, socket, url).</summary>
    public string Folder { get; }

    /// <summary>postgres://netspace:PASSWORD@127.0.0.1:PORT/postgres.</summary>
    public string AdminUrl { get; }

    /// <summary>The password in <see cref="AdminUrl"/>.</summary>
    public string Password => new Uri(AdminUrl).UserInfo.Split(':', 2)[1];

    /// <summary>Starts a server of its own (stopped and deleted on dispose).</summary>
    public static PostgresServer StartPrivate()
    {
        string dir = Path.Combine(Path.GetTempPath(), "netspace-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Script("start", dir);
        return new PostgresServer(dir, owned: true);
    }

    /// <summary>A fresh, empty database; returns its URL (with the password).</summary>
    public string CreateDatabase()
    {
        string name = "t_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = new NpgsqlConnection(ConnectionString(AdminUrl)))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = $"CREATE DATABASE {name}";
            create.ExecuteNonQuery();
        }

        return AdminUrl[..AdminUrl.LastIndexOf('/')] + "/" + name;
    }

    /// <summary>Stops the server and starts it again (fast shutdown: open connections are cut).</summary>
    public void Restart() => Script("restart", Folder);

    /// <summary>Stops the server.</summary>
    public void Stop() => Script("stop", Folder);

    /// <summary>Starts a stopped server again.</summary>
    public void Start() => Script("start", Folder);

    public void Dispose()
    {
        if (!owned)
        {
            return;
        }

        try
        {
            Script("stop", Folder);
        }
        catch (InvalidOperationException)
        {
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>An Npgsql connection string for a postgres:// URL.</summary>
    public static string ConnectionString(string url)
    {
        var uri = new Uri(url);
        string[] user = uri.UserInfo.Split(':', 2);
        return new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port,
            Username = user[0],
            Password = user.Length > 1 ? user[1] : null,
            Database = uri.AbsolutePath.TrimStart('/'),
            Pooling = false,
        }.ConnectionString;
    }

    private static void Script(string command, string dir)
    {
        string script = Path.Combine(RepositoryRoot(), "scripts", "pg-test-server.sh");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(command);
        info.ArgumentList.Add(dir);
        using var process = Process.Start(info)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"PostgreSQL test server '{command}' failed (exit {process.ExitCode}): {output.Trim()} " +
                "— the store tests need Debian's postgresql package (apt-get install postgresql)");
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NetSpace.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (NetSpace.slnx) not found above " + AppContext.BaseDirectory);
    }
}
