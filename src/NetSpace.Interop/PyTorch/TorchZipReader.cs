using System.IO.Compression;
using static NetSpace.Interop.PyTorch.TorchPickleReader;

namespace NetSpace.Interop.PyTorch;

/// <summary>
/// Reads the zip format of <c>torch.save</c> (PyTorch ≥ 1.6): <c>ARCHIVE/data.pkl</c> (the pickled object, whose tensors
/// refer to storages by key) and <c>ARCHIVE/data/KEY</c> (each storage's raw little-endian bytes).
/// </summary>
internal static class TorchZipReader
{
    /// <summary>Reads the state dict of a <c>torch.save</c> zip file (a dict of tensors, or one nested under a common checkpoint key).</summary>
    public static StateDict Read(string path)
    {
        using var zip = OpenZip(path);
        var pickleEntry = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) || e.FullName == "data.pkl")
            ?? throw new PyTorchFormatException($"{path}: a zip file without data.pkl, so not written by torch.save");
        string prefix = pickleEntry.FullName[..^"data.pkl".Length];
        if (zip.GetEntry(prefix + "byteorder") is { } order && ReadAll(order).AsSpan().SequenceEqual("big"u8))
        {
            throw new PyTorchFormatException($"{path}: saved on a big-endian machine; only little-endian storages are supported");
        }

        var root = TorchPickleReader.Load(ReadAll(pickleEntry), path);
        var tensors = FindTensors(root, path);
        var storages = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var result = new StateDict(path);
        var names = tensors.Select(t => t.Key).ToList();
        string strip = names.Count > 0 && names.All(n => n.StartsWith("module.", StringComparison.Ordinal)) ? "module." : string.Empty;
        foreach (var (name, tensor) in tensors)
        {
            var storage = tensor.Storage;
            if (!storages.TryGetValue(storage.Key, out var bytes))
            {
                var entry = zip.GetEntry(prefix + "data/" + storage.Key)
                    ?? throw new PyTorchFormatException($"{path}: storage data/{storage.Key} of tensor '{name}' is missing");
                bytes = ReadAll(entry);
                if (bytes.LongLength != storage.ElementCount * storage.DType.ElementSize())
                {
                    throw new PyTorchFormatException(
                        $"{path}: storage data/{storage.Key} has {bytes.LongLength} bytes; {storage.ElementCount} {storage.DType} elements need {storage.ElementCount * storage.DType.ElementSize()}");
                }

                storages[storage.Key] = bytes;
            }

            // DataParallel checkpoints prefix every name with "module."; the network inside is the same.
            result.Add(name[strip.Length..], new StoredTensor(storage.DType, tensor.Size, Gather(bytes, tensor, name, path)));
        }

        return result;
    }

    private static ZipArchive OpenZip(string path)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException ex)
        {
            throw new PyTorchFormatException($"{path}: not a readable zip file ({ex.Message})", ex);
        }
    }

    private static List<KeyValuePair<string, TensorRef>> FindTensors(object? root, string path)
    {
        if (root is not PyDict dict)
        {
            throw new PyTorchFormatException($"{path}: holds a {root?.GetType().Name ?? "None"}, not a state dict (a dict of tensors)");
        }

        if (dict.Items.Count > 0 && dict.Items.All(kv => kv.Value is TensorRef))
        {
            return dict.Items.Select(kv => new KeyValuePair<string, TensorRef>(KeyName(kv.Key, path), (TensorRef)kv.Value!)).ToList();
        }

        // Training checkpoints nest the weights under one of these keys (timm and torchvision's references use them).
        foreach (string key in new[] { "state_dict", "model", "model_state_dict", "state_dict_ema" })
        {
            var nested = dict.Items.FirstOrDefault(kv => kv.Key is string k && k == key).Value;
            if (nested is PyDict inner && inner.Items.Count > 0 && inner.Items.All(kv => kv.Value is TensorRef))
            {
                return inner.Items.Select(kv => new KeyValuePair<string, TensorRef>(KeyName(kv.Key, path), (TensorRef)kv.Value!)).ToList();
            }
        }

        var odd = dict.Items.FirstOrDefault(kv => kv.Value is not TensorRef);
        throw new PyTorchFormatException(
            $"{path}: not a state dict: entry '{odd.Key}' is not a tensor and no 'state_dict' or 'model' entry holds one (keys: {string.Join(", ", dict.Items.Take(8).Select(kv => kv.Key))})");
    }

    private static string KeyName(object key, string path) =>
        key as string ?? throw new PyTorchFormatException($"{path}: a state dict key is a {key.GetType().Name}, not a string");

    /// <summary>Copies a (possibly strided) view out of its storage into contiguous row-major bytes.</summary>
    private static byte[] Gather(byte[] storage, TensorRef t, string name, string path)
    {
        int size = t.Storage.DType.ElementSize();
        long count = t.Size.Aggregate(1L, (a, b) => a * b);
        var result = new byte[count * size];
        if (count == 0)
        {
            return result;
        }

        long last = t.Offset + t.Size.Select((s, i) => (s - 1) * t.Stride[i]).Sum();
        if (t.Offset < 0 || t.Stride.Any(s => s < 0) || last >= t.Storage.ElementCount)
        {
            throw new PyTorchFormatException($"{path}: tensor '{name}' {StoredTensor.FormatShape(t.Size)} reaches outside its storage of {t.Storage.ElementCount} elements");
        }

        if (IsContiguous(t))
        {
            Buffer.BlockCopy(storage, checked((int)(t.Offset * size)), result, 0, result.Length);
            return result;
        }

        var index = new long[t.Size.Length];
        for (long i = 0; i < count; i++)
        {
            long source = t.Offset;
            for (int d = 0; d < index.Length; d++)
            {
                source += index[d] * t.Stride[d];
            }

            Buffer.BlockCopy(storage, checked((int)(source * size)), result, checked((int)(i * size)), size);
            for (int d = index.Length - 1; d >= 0; d--)
            {
                if (++index[d] < t.Size[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }

        return result;
    }

    private static bool IsContiguous(TensorRef t)
    {
        long expected = 1;
        for (int d = t.Size.Length - 1; d >= 0; d--)
        {
            if (t.Size[d] != 1 && t.Stride[d] != expected)
            {
                return false;
            }

            expected *= t.Size[d];
        }

        return true;
    }

    private static byte[] ReadAll(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        var bytes = new byte[entry.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
