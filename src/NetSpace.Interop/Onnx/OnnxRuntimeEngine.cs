using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace NetSpace.Interop.Onnx;

/// <summary>
/// ONNX Runtime as an inference engine for exported NetSpace networks: one <see cref="InferenceSession"/> on the
/// CPU with a fixed intra-op thread count, the model's NetSpace metadata, and batch-at-a-time runs.
/// </summary>
public sealed class OnnxRuntimeEngine : IDisposable
{
    private readonly InferenceSession session;
    private readonly RunOptions runOptions = new();

    /// <summary>Loads a model file.</summary>
    /// <exception cref="InvalidDataException">The file is not a model ONNX Runtime can load.</exception>
    public OnnxRuntimeEngine(string path, int threads = 0)
        : this(Load(path, threads), path)
    {
    }

    /// <summary>Loads a model from its bytes.</summary>
    public OnnxRuntimeEngine(byte[] model, int threads = 0)
        : this(Create(model, threads), "<memory>")
    {
    }

    private OnnxRuntimeEngine(InferenceSession session, string source)
    {
        this.session = session;
        Source = source;
        var input = session.InputMetadata.Single();
        InputName = input.Key;
        InputIsPixels = input.Value.ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.UInt8;
        InputShape = input.Value.Dimensions;
        OutputNames = session.OutputNames.ToArray();
        Metadata = session.ModelMetadata.CustomMetadataMap;
    }

    /// <summary>The file (or <c>&lt;memory&gt;</c>) the model came from.</summary>
    public string Source { get; }

    /// <summary>Name of the single input.</summary>
    public string InputName { get; }

    /// <summary>Shape of the input (−1 for the dynamic batch axis).</summary>
    public IReadOnlyList<int> InputShape { get; }

    /// <summary>Whether the input is uint8 NHWC pixels (exported with preprocessing) rather than normalised float32 NCHW.</summary>
    public bool InputIsPixels { get; }

    /// <summary>Output names in graph order.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>The model's metadata (keys in <see cref="OnnxMetadataKeys"/> for NetSpace exports).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Class names from the metadata, or null.</summary>
    public IReadOnlyList<string>? ClassNames =>
        Metadata.TryGetValue(OnnxMetadataKeys.ClassNames, out var json) ? JsonSerializer.Deserialize<string[]>(json) : null;

    /// <summary>Per-channel normalisation (mean, std of pixels/255) from the metadata, or null.</summary>
    public (double[] Mean, double[] Std)? Normalization =>
        Metadata.TryGetValue(OnnxMetadataKeys.Mean, out var m) && Metadata.TryGetValue(OnnxMetadataKeys.Std, out var s)
            ? (JsonSerializer.Deserialize<double[]>(m)!, JsonSerializer.Deserialize<double[]>(s)!)
            : null;

    /// <summary>Runs a float32 batch of shape <paramref name="shape"/> (NCHW, normalised) and returns every output.</summary>
    public IReadOnlyList<EngineOutput> Run(float[] input, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (InputIsPixels)
        {
            throw new InvalidOperationException($"{Source}: the model takes uint8 pixels (exported with preprocessing)");
        }

        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        return Run(value);
    }

    /// <summary>Runs a uint8 NHWC pixel batch (models exported with preprocessing) and returns every output.</summary>
    public IReadOnlyList<EngineOutput> RunPixels(byte[] pixels, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (!InputIsPixels)
        {
            throw new InvalidOperationException($"{Source}: the model takes normalised float32 tensors (exported without preprocessing)");
        }

        using var value = OrtValue.CreateTensorValueFromMemory(pixels, shape);
        return Run(value);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        runOptions.Dispose();
        session.Dispose();
    }

    private List<EngineOutput> Run(OrtValue value)
    {
        using var results = session.Run(runOptions, [InputName], [value], OutputNames);
        var outputs = new List<EngineOutput>(results.Count);
        for (int i = 0; i < results.Count; i++)
        {
            var info = results[i].GetTensorTypeAndShape();
            outputs.Add(new EngineOutput(OutputNames[i], info.Shape, results[i].GetTensorDataAsSpan<float>().ToArray()));
        }

        return outputs;
    }

    private static SessionOptions Options(int threads)
    {
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        if (threads > 0)
        {
            options.IntraOpNumThreads = threads;
            options.InterOpNumThreads = 1;
        }

        return options;
    }

    private static InferenceSession Load(string path, int threads)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: file not found", path);
        }

        using var options = Options(threads);
        try
        {
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"{path}: ONNX Runtime cannot load it ({ex.Message})", ex);
        }
    }

    private static InferenceSession Create(byte[] model, int threads)
    {
        using var options = Options(threads);
        return new InferenceSession(model, options);
    }
}
