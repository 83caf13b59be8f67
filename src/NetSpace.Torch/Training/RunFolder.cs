using NetSpace.Training;
using NetSpace.Torch.Training;
using System.Text.Json;
using NetSpace.Serialization;
using NetSpace.Specs;

namespace NetSpace.Torch.Training;

/// <summary>
/// The files of one training run: <c>spec.json</c>, <c>recipe.json</c>, <c>metrics.jsonl</c>,
/// <c>result.json</c>, <c>weights</c> (TorchSharp format) and <c>checkpoint</c>. Whole files are
/// written atomically (temporary file, then rename).
/// </summary>
public sealed class RunFolder
{
    /// <summary>Refers to a run folder (nothing is created until <see cref="Create"/>).</summary>
    public RunFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>Whether the folder exists.</summary>
    public bool Exists => Directory.Exists(Path);

    /// <summary>Creates the folder if needed.</summary>
    public void Create() => Directory.CreateDirectory(Path);

    /// <summary>Absolute path of the folder.</summary>
    public string Path { get; }

    /// <summary>The network spec.</summary>
    public string SpecFile => Combine("spec.json");

    /// <summary>The recipe, seed and data description.</summary>
    public string RecipeFile => Combine("recipe.json");

    /// <summary>One JSON line per finished epoch.</summary>
    public string MetricsFile => Combine("metrics.jsonl");

    /// <summary>The final result.</summary>
    public string ResultFile => Combine("result.json");

    /// <summary>Final weights (TorchSharp state-dict format).</summary>
    public string WeightsFile => Combine("weights");

    /// <summary>Latest end-of-epoch checkpoint.</summary>
    public string CheckpointFile => Combine("checkpoint");

    /// <summary>
    /// Writes <paramref name="model"/>'s weights to <paramref name="file"/> atomically in the standard (NCHW)
    /// layout, which weight files always hold; the model is left in that layout.
    /// </summary>
    public static void SaveWeights(TorchSharp.torch.nn.Module model, string file)
    {
        ArgumentNullException.ThrowIfNull(model);
        string temp = file + ".tmp";
        Modules.ChannelsLast.Apply(MemoryLayout.Nchw, model);
        model.save(temp);
        File.Move(temp, file, overwrite: true);
    }

    /// <summary>Writes a JSON document atomically.</summary>
    public static void WriteJson<T>(string file, T value) => AtomicFile.WriteAllText(file, SpecJson.Serialize(value) + "\n");

    /// <summary>Reads a JSON document written by <see cref="WriteJson{T}"/>.</summary>
    public static T ReadJson<T>(string file)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(file), SpecJson.Options)
                ?? throw new InvalidDataException($"{file}: empty document");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{file}: {ex.Message}", ex);
        }
    }

    /// <summary>Reads the spec of the run.</summary>
    public NetworkSpec ReadSpec() => SpecJson.ReadSpecFile(SpecFile);

    /// <summary>Reads the metrics of the finished epochs.</summary>
    public IReadOnlyList<EpochMetrics> ReadMetrics() =>
        File.Exists(MetricsFile)
            ? File.ReadAllLines(MetricsFile).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<EpochMetrics>(l, SpecJson.Options)!).ToArray()
            : [];

    /// <summary>Rewrites metrics.jsonl with exactly these epochs (used on resume to drop a partial tail).</summary>
    public void WriteMetrics<T>(IEnumerable<T> metrics) => WriteJsonLines(MetricsFile, metrics);

    /// <summary>Writes one compact JSON document per line, atomically.</summary>
    public static void WriteJsonLines<T>(string file, IEnumerable<T> values) =>
        AtomicFile.WriteAllText(file, string.Concat(values.Select(v => SpecJson.Serialize(v, indented: false) + "\n")));

    private string Combine(string name) => System.IO.Path.Combine(Path, name);
}
