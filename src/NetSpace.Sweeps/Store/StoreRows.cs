using System.Data.Common;
using System.Text.Json;
using NetSpace.Complexity;
using NetSpace.DesignSpaces;
using NetSpace.Serialization;
using NetSpace.Specs;
using NetSpace.Training;

namespace NetSpace.Sweeps;

/// <summary>
/// What the SQL trial stores share: the column lists, reading a sweep or trial row from any ADO.NET reader,
/// times as Unix seconds on the store's clock, the JSON text columns, and parameterised commands.
/// </summary>
internal static class StoreRows
{
    public const string TrialColumns =
        "t.id, s.name, t.idx, t.name, t.spec, t.seed, t.flops, t.params, t.acts, t.status, t.attempts, t.lease_owner, " +
        "t.lease_expires_at, t.heartbeat_at, t.started_at, t.finished_at, t.result, t.error";

    public const string SweepColumns = "id, name, space, constraints, recipe, data, subset, val_split, stem, seed, samples, created_at";

    public static (long Id, SweepDefinition Sweep) ReadSweep(DbDataReader r) =>
        (r.GetInt64(0), new SweepDefinition
        {
            Name = r.GetString(1),
            Space = r.GetString(2),
            Constraints = Deserialize<ComplexityConstraints>(r.GetString(3)),
            Recipe = Deserialize<TrainingRecipe>(r.GetString(4)),
            Data = r.GetString(5),
            Subset = r.IsDBNull(6) ? null : Convert.ToInt32(r.GetValue(6), System.Globalization.CultureInfo.InvariantCulture),
            ValSplit = r.GetDouble(7),
            Stem = r.IsDBNull(8) ? null : Deserialize<StemType>($"\"{r.GetString(8)}\""),
            Seed = r.GetInt64(9),
            Samples = Convert.ToInt32(r.GetValue(10), System.Globalization.CultureInfo.InvariantCulture),
            CreatedAt = FromUnix(r.GetDouble(11)),
        });

    public static TrialRecord ReadTrial(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Sweep = r.GetString(1),
        Index = Convert.ToInt32(r.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
        Name = r.GetString(3),
        Spec = DeserializeSpec(r.GetString(4)),
        Seed = r.GetInt64(5),
        Complexity = new ModelComplexity(r.GetInt64(6), r.GetInt64(7), r.GetInt64(8)),
        Status = ParseStatus(r.GetString(9)),
        Attempts = Convert.ToInt32(r.GetValue(10), System.Globalization.CultureInfo.InvariantCulture),
        LeaseOwner = r.IsDBNull(11) ? null : r.GetString(11),
        LeaseExpiresAt = OptionalTime(r, 12),
        HeartbeatAt = OptionalTime(r, 13),
        StartedAt = OptionalTime(r, 14),
        FinishedAt = OptionalTime(r, 15),
        Result = r.IsDBNull(16) ? null : Deserialize<TrainingResult>(r.GetString(16)),
        Error = r.IsDBNull(17) ? null : r.GetString(17),
    };

    public static ClaimRecord ReadClaim(DbDataReader r) => new(
        r.GetInt64(0),
        Convert.ToInt32(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
        Convert.ToInt32(r.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
        r.GetString(3),
        FromUnix(r.GetDouble(4)),
        OptionalTime(r, 5),
        r.IsDBNull(6) ? null : r.GetString(6));

    public static DateTimeOffset? OptionalTime(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : FromUnix(r.GetDouble(ordinal));

    /// <summary>Store times are Unix seconds; records carry them to the millisecond.</summary>
    public static DateTimeOffset FromUnix(double seconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));

    /// <summary>The inverse of <see cref="FromUnix"/> (exact for millisecond times).</summary>
    public static double ToUnix(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000.0;

    public static double? ToUnix(DateTimeOffset? time) => time is { } t ? ToUnix(t) : null;

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, SpecJson.Options) ?? throw new InvalidDataException($"trial store: null where {typeof(T).Name} was expected");

    // Not validated: a stored spec that fails validation makes its trial fail when trained, it must not make the store unreadable.
    public static NetworkSpec DeserializeSpec(string json) => Deserialize<NetworkSpec>(json);

    public static string Json<T>(T value) => SpecJson.Serialize(value, indented: false);

    public static string StemText(StemType stem) => SpecJson.Serialize(stem, indented: false).Trim('"');

    public static string StatusText(TrialStatus status) => status switch
    {
        TrialStatus.Pending => "pending",
        TrialStatus.Running => "running",
        TrialStatus.Completed => "completed",
        TrialStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static TrialStatus ParseStatus(string text) => text switch
    {
        "pending" => TrialStatus.Pending,
        "running" => TrialStatus.Running,
        "completed" => TrialStatus.Completed,
        "failed" => TrialStatus.Failed,
        _ => throw new InvalidDataException($"trial store: unknown trial status '{text}'"),
    };

    /// <summary>The sweep-not-found error naming the known sweeps.</summary>
    public static SweepNotFoundException NotFound(string name, string location, IReadOnlyList<string> known) =>
        new($"no sweep named '{name}' in {location} ({(known.Count == 0 ? "the store has no sweeps" : "sweeps: " + string.Join(", ", known))})");

    public static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static int Execute(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, tx, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, tx, sql, parameters);
        object? value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public static List<T> Query<T>(DbConnection connection, DbTransaction? tx, string sql, Func<DbDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, tx, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
