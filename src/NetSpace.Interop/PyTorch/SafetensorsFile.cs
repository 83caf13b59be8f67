using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NetSpace.Interop.PyTorch;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a JSON header mapping each name to
/// <c>{dtype, shape, data_offsets}</c> (offsets relative to the data area, which follows the header) plus optional
/// string <c>__metadata__</c>, then the raw little-endian tensor bytes. Nothing in it can execute.
/// </summary>
public static class SafetensorsFile
{
    private const long MaxHeader = 100L << 20;

    /// <summary>Whether the file starts like a safetensors file (a plausible header length followed by '{').</summary>
    public static bool LooksLikeSafetensors(ReadOnlySpan<byte> head) =>
        head.Length >= 9 && BinaryPrimitives.ReadUInt64LittleEndian(head) is > 1 and < (ulong)MaxHeader && head[8] == (byte)'{';

    /// <summary>Reads every tensor and the metadata; every header entry is checked against the file.</summary>
    public static StateDict Read(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> lengthBytes = stackalloc byte[8];
        if (file.Length < 8)
        {
            throw new PyTorchFormatException($"{path}: {file.Length} bytes, too short for a safetensors header");
        }

        file.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)Math.Min(MaxHeader, file.Length - 8))
        {
            throw new PyTorchFormatException($"{path}: header length {headerLength} does not fit a file of {file.Length} bytes");
        }

        var headerBytes = new byte[headerLength];
        file.ReadExactly(headerBytes);
        JsonObject header;
        try
        {
            header = JsonNode.Parse(headerBytes)?.AsObject() ?? throw new PyTorchFormatException($"{path}: empty safetensors header");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new PyTorchFormatException($"{path}: safetensors header is not a JSON object ({ex.Message})", ex);
        }

        long dataStart = 8 + (long)headerLength;
        long dataLength = file.Length - dataStart;
        var result = new StateDict(path);
        var entries = new List<(string Name, TensorDType DType, long[] Shape, long Begin, long End)>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                foreach (var (key, value) in node?.AsObject() ?? [])
                {
                    result.Metadata[key] = value?.GetValueKind() == JsonValueKind.String
                        ? value.GetValue<string>()
                        : throw new PyTorchFormatException($"{path}: __metadata__ '{key}' is not a string");
                }

                continue;
            }

            entries.Add(ParseEntry(path, name, node));
        }

        // Tensors must tile the data area without gaps or overlaps (what the reference implementation checks too).
        long expectedBegin = 0;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin != expectedBegin || e.End < e.Begin || e.End > dataLength)
            {
                throw new PyTorchFormatException($"{path}: tensor '{e.Name}' has data offsets [{e.Begin}, {e.End}], expected to start at {expectedBegin} within {dataLength} data bytes");
            }

            long needed = e.Shape.Aggregate(1L, (a, b) => a * b) * e.DType.ElementSize();
            if (e.End - e.Begin != needed)
            {
                throw new PyTorchFormatException($"{path}: tensor '{e.Name}' {StoredTensor.FormatShape(e.Shape)} {e.DType.SafetensorsName()} needs {needed} bytes, its offsets give {e.End - e.Begin}");
            }

            expectedBegin = e.End;
        }

        if (expectedBegin != dataLength)
        {
            throw new PyTorchFormatException($"{path}: {dataLength - expectedBegin} bytes after the last tensor");
        }

        foreach (var e in entries.OrderBy(e => e.Begin))
        {
            var bytes = new byte[e.End - e.Begin];
            file.Position = dataStart + e.Begin;
            file.ReadExactly(bytes);
            result.Add(e.Name, new StoredTensor(e.DType, e.Shape, bytes));
        }

        return result;
    }

    /// <summary>Writes tensors (in the given order) and string metadata atomically: a temporary file, then a rename.</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, StoredTensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var list = tensors.ToList();
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                meta[key] = value;
            }

            header["__metadata__"] = meta;
        }

        long offset = 0;
        foreach (var (name, tensor) in list)
        {
            header[name] = new JsonObject
            {
                ["dtype"] = tensor.DType.SafetensorsName(),
                ["shape"] = new JsonArray(tensor.Shape.Select(s => (JsonNode)s).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + tensor.Data.LongLength),
            };
            offset += tensor.Data.LongLength;
        }

        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());

        // Pad with spaces so the data area starts 8-byte aligned (as the reference writer does).
        int padded = (headerBytes.Length + 7) / 8 * 8;
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
                file.Write(length);
                file.Write(headerBytes);
                for (int i = headerBytes.Length; i < padded; i++)
                {
                    file.WriteByte((byte)' ');
                }

                foreach (var (_, tensor) in list)
                {
                    file.Write(tensor.Data);
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static (string, TensorDType, long[], long, long) ParseEntry(string path, string name, JsonNode? node)
    {
        try
        {
            var o = node!.AsObject();
            string dtypeName = o["dtype"]!.GetValue<string>();
            var dtype = TensorDTypes.FromSafetensorsName(dtypeName)
                ?? throw new PyTorchFormatException($"{path}: tensor '{name}' has dtype {dtypeName}, which is not supported (F32, F64, F16, BF16, I64, I32, I16, I8, U8, BOOL are)");
            var shape = o["shape"]!.AsArray().Select(v => v!.GetValue<long>()).ToArray();
            var offsets = o["data_offsets"]!.AsArray().Select(v => v!.GetValue<long>()).ToArray();
            if (offsets.Length != 2 || shape.Any(s => s < 0))
            {
                throw new PyTorchFormatException($"{path}: tensor '{name}' needs data_offsets [begin, end] and a non-negative shape");
            }

            return (name, dtype, shape, offsets[0], offsets[1]);
        }
        catch (Exception ex) when (ex is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new PyTorchFormatException($"{path}: header entry '{name}' is not {{\"dtype\", \"shape\", \"data_offsets\"}}", ex);
        }
    }
}
