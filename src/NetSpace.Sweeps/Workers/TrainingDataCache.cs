using System.Collections.Concurrent;
using NetSpace.Data;
using NetSpace.Training;

namespace NetSpace.Sweeps;

/// <summary>Each distinct data set is read from disk once per process; sweeps and trials share the in-memory copy (read-only uint8 images).</summary>
internal static class TrainingDataCache
{
    private static readonly ConcurrentDictionary<string, Lazy<DatasetPair>> Loaded = new(StringComparer.Ordinal);

    /// <summary>The train and test splits named by <paramref name="data"/>.</summary>
    public static DatasetPair Load(string data)
    {
        var lazy = Loaded.GetOrAdd(data, d => new Lazy<DatasetPair>(() => DatasetCatalog.Load(d)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Loaded.TryRemove(data, out _); // a data set that failed to load may be installed later
            throw;
        }
    }

    /// <summary>The splits every trial of <paramref name="sweep"/> trains and is evaluated on.</summary>
    public static TrainingData Prepare(SweepDefinition sweep)
    {
        var pair = Load(sweep.Data);
        return TrainingData.Prepare(sweep.DataJob(), pair.Train, pair.Test);
    }
}
