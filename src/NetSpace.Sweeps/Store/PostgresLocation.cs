using System.Globalization;
using Npgsql;

namespace NetSpace.Sweeps;

/// <summary>
/// A PostgreSQL store location: a URL <c>postgres://user[:password]@host[:port]/database[?sslmode=…]</c> or an
/// Npgsql connection string (<c>Host=…;Username=…;Database=…</c>). Without a password in the location, Npgsql
/// takes it from <c>PGPASSWORD</c> or the pgpass file (<c>PGPASSFILE</c>, default <c>~/.pgpass</c>).
/// <see cref="Description"/> is the location without the password, for logs, reports and errors.
/// </summary>
/// <param name="ConnectionString">The Npgsql connection string (may contain the password: never print it).</param>
/// <param name="Description">user@host:port/database.</param>
public sealed record PostgresLocation(string ConnectionString, string Description)
{
    private static readonly Dictionary<string, Action<NpgsqlConnectionStringBuilder, string>> QueryOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = (b, v) => b.SslMode = Enum.Parse<SslMode>(v.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true),
        ["application_name"] = (b, v) => b.ApplicationName = v,
        ["connect_timeout"] = (b, v) => b.Timeout = int.Parse(v, CultureInfo.InvariantCulture),
        ["passfile"] = (b, v) => b.Passfile = v,
        ["options"] = (b, v) => b.Options = v,
    };

    /// <summary>True when <paramref name="location"/> names a PostgreSQL server rather than an SQLite file.</summary>
    public static bool IsPostgres(string location) =>
        location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || (location.Contains('=', StringComparison.Ordinal) && location.Contains("host", StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses a URL or connection string; a malformed one is a <see cref="TrialStoreException"/> that does not repeat it.</summary>
    public static PostgresLocation Parse(string location)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        var builder = location.Contains("://", StringComparison.Ordinal) ? FromUrl(location) : FromConnectionString(location);
        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new TrialStoreException("PostgreSQL store: no host given (expected postgres://user@host:port/database)");
        }

        builder.ApplicationName ??= "netspace";
        if (!location.Contains("timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.Timeout = 5; // connect: fail fast, the retry pipeline waits
        }

        builder.KeepAlive = builder.KeepAlive == 0 ? 15 : builder.KeepAlive;
        builder.IncludeErrorDetail = false;
        if (string.IsNullOrEmpty(builder.Password) && Environment.GetEnvironmentVariable("PGPASSWORD") is { Length: > 0 } password)
        {
            builder.Password = password;
        }

        string user = string.IsNullOrEmpty(builder.Username) ? Environment.UserName : builder.Username;
        string database = string.IsNullOrEmpty(builder.Database) ? user : builder.Database;
        return new PostgresLocation(builder.ConnectionString, $"postgres://{user}@{builder.Host}:{builder.Port}/{database}");
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string location)
    {
        if (!Uri.TryCreate(location, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql") || string.IsNullOrEmpty(uri.Host))
        {
            throw new TrialStoreException("PostgreSQL store: not a valid URL (expected postgres://user[:password]@host[:port]/database)");
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port };
        if (uri.UserInfo.Length > 0)
        {
            string[] parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        string database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] kv = pair.Split('=', 2);
            string key = Uri.UnescapeDataString(kv[0]);
            if (!QueryOptions.TryGetValue(key, out var set))
            {
                throw new TrialStoreException($"PostgreSQL store: unknown URL parameter '{key}' (supported: {string.Join(", ", QueryOptions.Keys)})");
            }

            try
            {
                set(builder, kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : string.Empty);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
            {
                throw new TrialStoreException($"PostgreSQL store: URL parameter '{key}' has an invalid value", ex);
            }
        }

        return builder;
    }

    private static NpgsqlConnectionStringBuilder FromConnectionString(string location)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(location);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            // The message of the builder may quote the string, which may hold a password: say what is wrong only.
            throw new TrialStoreException("PostgreSQL store: not a valid connection string (expected Host=…;Username=…;Database=…)", ex);
        }
    }
}
