using System.Data.Common;
using System.Globalization;

namespace NetSpace.Sweeps;

/// <summary>
/// Versioned schemas of the SQL trial stores: migration <c>k</c> (0-based) takes a store from version
/// <c>k</c> to <c>k + 1</c>; migration 0 creates the tables, including <c>schema_version</c>. A store is
/// brought to the newest version on first use, inside one transaction with the caller's check.
/// </summary>
internal static class SchemaMigrations
{
    /// <summary>Version 2: workers are looked up by name (status by host, claim history).</summary>
    public const string ClaimsByWorker = "CREATE INDEX claims_by_worker ON claims (worker)";

    /// <summary>
    /// Applies the migrations after <paramref name="current"/> (null: an empty database) up to <paramref name="target"/>
    /// and records the version; refuses a newer or invalid version with a <see cref="TrialStoreException"/>.
    /// </summary>
    public static void Upgrade(DbConnection connection, DbTransaction tx, string location, IReadOnlyList<IReadOnlyList<string>> migrations, long? current, int target)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(target, migrations.Count);
        if (current > migrations.Count)
        {
            throw new TrialStoreException($"{location}: trial store schema version {current} is newer than this netspace understands ({migrations.Count}); use a newer netspace");
        }

        if (current is < 1)
        {
            throw new TrialStoreException($"{location}: trial store has no valid schema version");
        }

        long from = current ?? 0;
        for (long version = from; version < target; version++)
        {
            foreach (string statement in migrations[(int)version])
            {
                StoreRows.Execute(connection, tx, statement);
            }
        }

        string recorded = target.ToString(CultureInfo.InvariantCulture);
        if (current is null)
        {
            StoreRows.Execute(connection, tx, $"INSERT INTO schema_version (version) VALUES ({recorded})");
        }
        else if (target > from)
        {
            StoreRows.Execute(connection, tx, $"UPDATE schema_version SET version = {recorded}");
        }
    }
}
