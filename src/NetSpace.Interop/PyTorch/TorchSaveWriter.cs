using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NetSpace.Interop.PyTorch;

/// <summary>
/// Writes a state dict in <c>torch.save</c>'s zip format (what PyTorch ≥ 1.6 writes and <c>torch.load</c> reads):
/// <c>archive/data.pkl</c> pickles an <c>OrderedDict</c> of tensors rebuilt by <c>torch._utils._rebuild_tensor_v2</c>
/// from persistent-id storages, one per tensor in <c>archive/data/N</c>, plus <c>archive/version</c>. The pickle uses
/// only the globals the reader accepts, so NetSpace reads its own files back with the same restricted reader.
/// </summary>
internal static class TorchSaveWriter
{
    private const string Archive = "archive";

    /// <summary>Writes the tensors atomically (temporary file, then a rename).</summary>
    public static void Write(string path, IReadOnlyList<KeyValuePair<string, StoredTensor>> tensors)
    {
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite))
            using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
            {
                Add(zip, "data.pkl", Pickle(tensors));
                for (int i = 0; i < tensors.Count; i++)
                {
                    Add(zip, $"data/{i}", tensors[i].Value.Data);
                }

                Add(zip, "version", "3\n"u8.ToArray());
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        var entry = zip.CreateEntry($"{Archive}/{name}", CompressionLevel.NoCompression);
        using var stream = entry.Open();
        stream.Write(bytes);
    }

    private static byte[] Pickle(IReadOnlyList<KeyValuePair<string, StoredTensor>> tensors)
    {
        using var ms = new MemoryStream();
        ms.Write([0x80, 2]); // PROTO 2
        Global(ms, "collections", "OrderedDict");
        ms.WriteByte((byte)')'); // EMPTY_TUPLE
        ms.WriteByte((byte)'R'); // REDUCE
        ms.WriteByte((byte)'(');  // MARK
        for (int i = 0; i < tensors.Count; i++)
        {
            var (name, tensor) = tensors[i];
            String(ms, name);
            Global(ms, "torch._utils", "_rebuild_tensor_v2");
            ms.WriteByte((byte)'(');
            ms.WriteByte((byte)'(');
            String(ms, "storage");
            Global(ms, "torch", StorageName(tensor.DType));
            String(ms, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            String(ms, "cpu");
            Int(ms, tensor.ElementCount);
            ms.WriteByte((byte)'t'); // TUPLE
            ms.WriteByte((byte)'Q'); // BINPERSID
            Int(ms, 0); // storage offset
            Tuple(ms, tensor.Shape);
            Tuple(ms, ContiguousStrides(tensor.Shape));
            ms.WriteByte(0x89); // NEWFALSE: requires_grad
            Global(ms, "collections", "OrderedDict"); // backward hooks
            ms.WriteByte((byte)')');
            ms.WriteByte((byte)'R');
            ms.WriteByte((byte)'t');
            ms.WriteByte((byte)'R');
        }

        ms.WriteByte((byte)'u'); // SETITEMS
        ms.WriteByte((byte)'.'); // STOP
        return ms.ToArray();
    }

    private static string StorageName(TensorDType type) => type switch
    {
        TensorDType.Float32 => "FloatStorage",
        TensorDType.Float64 => "DoubleStorage",
        TensorDType.Float16 => "HalfStorage",
        TensorDType.BFloat16 => "BFloat16Storage",
        TensorDType.Int64 => "LongStorage",
        TensorDType.Int32 => "IntStorage",
        TensorDType.Int16 => "ShortStorage",
        TensorDType.Int8 => "CharStorage",
        TensorDType.UInt8 => "ByteStorage",
        _ => "BoolStorage",
    };

    private static long[] ContiguousStrides(IReadOnlyList<long> shape)
    {
        var strides = new long[shape.Count];
        long s = 1;
        for (int d = shape.Count - 1; d >= 0; d--)
        {
            strides[d] = s;
            s *= Math.Max(1, shape[d]);
        }

        return strides;
    }

    private static void Tuple(Stream s, IReadOnlyList<long> values)
    {
        s.WriteByte((byte)'(');
        foreach (long v in values)
        {
            Int(s, v);
        }

        s.WriteByte((byte)'t');
    }

    private static void Global(Stream s, string module, string name)
    {
        s.WriteByte((byte)'c');
        s.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
    }

    private static void String(Stream s, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        s.WriteByte((byte)'X'); // BINUNICODE
        s.Write(length);
        s.Write(bytes);
    }

    private static void Int(Stream s, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)value);
            s.WriteByte((byte)'J'); // BININT
            s.Write(bytes[..4]);
        }
        else
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            s.WriteByte(0x8a); // LONG1, 8 bytes two's complement
            s.WriteByte(8);
            s.Write(bytes);
        }
    }
}
