using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using NetSpace.Data;
using NetSpace.Torch.Data;
using SkiaSharp;

namespace NetSpace.Tests.Data;

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "netspace-data-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Writers for small data files in the formats the readers take.</summary>
internal static class DataTestFiles
{
    public static byte[] IdxImages(byte[] pixels, int count, int rows, int columns, int magic = IdxReader.ImagesMagic)
    {
        var data = new byte[16 + pixels.Length];
        BinaryPrimitives.WriteInt32BigEndian(data, magic);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(12), columns);
        pixels.CopyTo(data, 16);
        return data;
    }

    public static byte[] IdxLabels(byte[] labels, int? count = null)
    {
        var data = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(data, IdxReader.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), count ?? labels.Length);
        labels.CopyTo(data, 8);
        return data;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Pixels with a recognisable value per (image, position): (7·i + p) mod 256.</summary>
    public static byte[] PatternPixels(int count, int sampleSize)
    {
        var pixels = new byte[count * sampleSize];
        for (int i = 0; i < count; i++)
        {
            for (int p = 0; p < sampleSize; p++)
            {
                pixels[(i * sampleSize) + p] = (byte)(((7 * i) + p) % 256);
            }
        }

        return pixels;
    }

    /// <summary>Writes the four MNIST-named IDX files (train: trainCount images, test: testCount), labels i mod classes.</summary>
    public static (byte[] TrainPixels, byte[] TrainLabels, byte[] TestPixels, byte[] TestLabels) WriteIdxFolder(
        string dir, int trainCount, int testCount, int rows, int columns, bool gzip, int classes = 10)
    {
        Directory.CreateDirectory(dir);
        int size = rows * columns;
        byte[] trainPixels = PatternPixels(trainCount, size);
        byte[] testPixels = PatternPixels(testCount, size).Select(b => (byte)(255 - b)).ToArray();
        byte[] trainLabels = Enumerable.Range(0, trainCount).Select(i => (byte)(i % classes)).ToArray();
        byte[] testLabels = Enumerable.Range(0, testCount).Select(i => (byte)((i + 3) % classes)).ToArray();
        string suffix = gzip ? ".gz" : string.Empty;
        byte[] Maybe(byte[] b) => gzip ? Gzip(b) : b;
        File.WriteAllBytes(Path.Combine(dir, "train-images-idx3-ubyte" + suffix), Maybe(IdxImages(trainPixels, trainCount, rows, columns)));
        File.WriteAllBytes(Path.Combine(dir, "train-labels-idx1-ubyte" + suffix), Maybe(IdxLabels(trainLabels)));
        File.WriteAllBytes(Path.Combine(dir, "t10k-images-idx3-ubyte" + suffix), Maybe(IdxImages(testPixels, testCount, rows, columns)));
        File.WriteAllBytes(Path.Combine(dir, "t10k-labels-idx1-ubyte" + suffix), Maybe(IdxLabels(testLabels)));
        return (trainPixels, trainLabels, testPixels, testLabels);
    }

    /// <summary>CIFAR records: labels (1 or 2 bytes each) then 3072 pixel bytes (record r, byte p) = (r + p) mod 256.</summary>
    public static byte[] CifarRecords(IReadOnlyList<byte[]> labels)
    {
        int labelBytes = labels[0].Length;
        int record = labelBytes + CifarReader.ImageBytes;
        var data = new byte[labels.Count * record];
        for (int r = 0; r < labels.Count; r++)
        {
            labels[r].CopyTo(data, r * record);
            for (int p = 0; p < CifarReader.ImageBytes; p++)
            {
                data[(r * record) + labelBytes + p] = (byte)((r + p) % 256);
            }
        }

        return data;
    }

    /// <summary>Writes an image with SkiaSharp; <paramref name="color"/> gives (r, g, b) at (x, y).</summary>
    public static void WriteImage(string path, int width, int height, Func<int, int, (byte R, byte G, byte B)> color, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var rgba = new byte[width * height * 4];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                var (r, g, b) = color(x, y);
                int o = ((y * width) + x) * 4;
                rgba[o] = r;
                rgba[o + 1] = g;
                rgba[o + 2] = b;
                rgba[o + 3] = 255;
            }
        }

        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var data = bitmap.Encode(format, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>Writes a one-channel (grayscale) PNG of constant value.</summary>
    public static void WriteGrayPng(string path, int width, int height, byte value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        var gray = Enumerable.Repeat(value, width * height).ToArray();
        Marshal.Copy(gray, 0, bitmap.GetPixels(), gray.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    /// <summary>An in-memory data set with random pixels (seeded) and labels i mod classes.</summary>
    public static ImageDataset Random(int count, int channels, int size, int classes = 4, int seed = 1, DataSourceKind kind = DataSourceKind.InMemory)
    {
        var random = new Random(seed);
        var pixels = new byte[count * channels * size * size];
        random.NextBytes(pixels);
        var labels = Enumerable.Range(0, count).Select(i => i % classes).ToArray();
        return new ImageDataset(pixels, labels, channels, size, size, classes, kind: kind);
    }
}
