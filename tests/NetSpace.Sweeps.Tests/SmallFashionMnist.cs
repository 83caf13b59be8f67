using System.Buffers.Binary;
using System.IO.Compression;

namespace NetSpace.Tests;

/// <summary>
/// The first 2,000 training and 500 test images of the real Fashion-MNIST (Debian's dataset-fashion-mnist),
/// written once per test process as raw IDX files: trials then evaluate on 500 test images instead of
/// 10,000, which keeps each tiny trial well under a second on a busy 2-core machine.
/// </summary>
internal static class SmallFashionMnist
{
    private const string Source = "/usr/share/datasets/fashion-mnist";
    private static readonly Lazy<string> Folder = new(Write);

    /// <summary>The data argument: <c>fashion-mnist:DIR</c>.</summary>
    public static string Data => "fashion-mnist:" + Folder.Value;

    private static string Write()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"netspace-small-fmnist-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        Copy("train-images-idx3-ubyte", dir, 2000, 16, 28 * 28);
        Copy("train-labels-idx1-ubyte", dir, 2000, 8, 1);
        Copy("t10k-images-idx3-ubyte", dir, 500, 16, 28 * 28);
        Copy("t10k-labels-idx1-ubyte", dir, 500, 8, 1);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return dir;
    }

    private static void Copy(string name, string dir, int count, int headerBytes, int recordBytes)
    {
        using var input = new GZipStream(File.OpenRead(Path.Combine(Source, name + ".gz")), CompressionMode.Decompress);
        var data = new byte[headerBytes + (count * recordBytes)];
        input.ReadExactly(data);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(4), count);
        File.WriteAllBytes(Path.Combine(dir, name), data);
    }
}
