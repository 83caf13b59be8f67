using NetSpace.Training;
using NetSpace.Torch.Training;
using System.Collections.Concurrent;
using NetSpace.Data;
using NetSpace.Torch.Data;

namespace NetSpace.Torch.Training;

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

    /// <summary>The splits a job trains and is evaluated on (validation hold-out and subset by the job's seed).</summary>
    public static TrainingData Prepare(TrainingJob job)
    {
        var pair = Load(job.Data);
        return TrainingData.Prepare(job, pair.Train, pair.Test);
    }
}
