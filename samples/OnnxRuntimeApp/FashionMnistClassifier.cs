using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace OnnxRuntimeApp;

/// <summary>
/// Runs a NetSpace classifier exported with <c>--with-preprocessing</c>: the graph takes uint8 pixels
/// [batch, height, width, channels] and normalises them itself, so the app only hands over bytes.
/// </summary>
public sealed class FashionMnistClassifier : IDisposable
{
    private readonly InferenceSession session;
    private readonly string[] classNames;

    /// <summary>Loads the model; the class names come from its metadata.</summary>
    public FashionMnistClassifier(string modelPath)
    {
        session = new InferenceSession(modelPath);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        classNames = metadata.TryGetValue("netspace.class_names", out var json) ? JsonSerializer.Deserialize<string[]>(json) ?? [] : [];
        var input = session.InputMetadata["input"];
        if (input.ElementDataType != Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.UInt8)
        {
            throw new InvalidOperationException("export the model with --with-preprocessing (uint8 pixel input)");
        }

        (Height, Width, Channels) = (input.Dimensions[1], input.Dimensions[2], input.Dimensions[3]);
    }

    /// <summary>Image height the model takes.</summary>
    public int Height { get; }

    /// <summary>Image width the model takes.</summary>
    public int Width { get; }

    /// <summary>Channels the model takes (1 for Fashion-MNIST).</summary>
    public int Channels { get; }

    /// <summary>The name of class <paramref name="label"/> (its number when the model has no names).</summary>
    public string ClassName(int label) => label < classNames.Length ? classNames[label] : label.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Classifies <paramref name="count"/> images given as uint8 pixels, row by row (NHWC).</summary>
    public Prediction[] Classify(byte[] pixels, int count)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [count, Height, Width, Channels]);
        using var options = new RunOptions();
        using var outputs = session.Run(options, ["input"], [input], ["logits"]);
        var logits = outputs[0].GetTensorDataAsSpan<float>();
        int classes = logits.Length / count;
        var predictions = new Prediction[count];
        for (int i = 0; i < count; i++)
        {
            var row = logits.Slice(i * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++)
            {
                best = row[c] > row[best] ? c : best;
            }

            double sum = 0;
            foreach (float v in row)
            {
                sum += Math.Exp(v - row[best]);
            }

            predictions[i] = new Prediction(best, (float)(1 / sum));
        }

        return predictions;
    }

    /// <summary>The first <paramref name="count"/> test images (28×28 bytes each) and labels from Fashion-MNIST's IDX files.</summary>
    public static (byte[] Pixels, int[] Labels) ReadTestImages(string dir, int count)
    {
        var images = ReadMaybeGzipped(Path.Combine(dir, "t10k-images-idx3-ubyte"));
        var labels = ReadMaybeGzipped(Path.Combine(dir, "t10k-labels-idx1-ubyte"));
        if (BinaryPrimitives.ReadInt32BigEndian(images) != 2051 || BinaryPrimitives.ReadInt32BigEndian(labels) != 2049)
        {
            throw new InvalidDataException($"{dir}: not IDX image and label files");
        }

        count = Math.Min(count, BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(4)));
        int size = BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(8)) * BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(12));
        return (images.AsSpan(16, count * size).ToArray(), labels.AsSpan(8, count).ToArray().Select(b => (int)b).ToArray());
    }

    /// <inheritdoc />
    public void Dispose() => session.Dispose();

    private static byte[] ReadMaybeGzipped(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllBytes(path);
        }

        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(path + ".gz"), System.IO.Compression.CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gz.CopyTo(memory);
        return memory.ToArray();
    }
}
