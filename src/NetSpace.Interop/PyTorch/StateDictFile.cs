namespace NetSpace.Interop.PyTorch;

/// <summary>Reads a PyTorch weights file of either kind, told apart by content (not by extension).</summary>
public static class StateDictFile
{
    /// <summary>
    /// Reads a <c>torch.save</c> zip file (<c>.pth</c>, <c>.pt</c>, <c>.bin</c>) or a <c>.safetensors</c> file. The legacy
    /// pre-1.6 <c>torch.save</c> format and anything else are refused with a message saying what was expected.
    /// </summary>
    public static StateDict Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: weights file not found", path);
        }

        var head = new byte[16];
        int n;
        using (var stream = File.OpenRead(path))
        {
            n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        if (n >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4)
        {
            return TorchZipReader.Read(path);
        }

        if (SafetensorsFile.LooksLikeSafetensors(head.AsSpan(0, n)))
        {
            return SafetensorsFile.Read(path);
        }

        if (n >= 2 && head[0] == 0x80 && head[1] <= 5)
        {
            throw new PyTorchFormatException(
                $"{path}: a plain pickle (the legacy torch.save format of PyTorch < 1.6); re-save it with a current torch.save or as .safetensors");
        }

        throw new PyTorchFormatException($"{path}: neither a torch.save zip file nor a safetensors file");
    }

    /// <summary>
    /// Writes tensors atomically as <c>.safetensors</c>, or in <c>torch.save</c>'s zip format when the file name ends in
    /// <c>.pth</c> or <c>.pt</c> (for PyTorch installations without the safetensors package; metadata is dropped there).
    /// </summary>
    public static void Write(string path, IReadOnlyList<KeyValuePair<string, StoredTensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        if (IsTorchSaveName(path))
        {
            TorchSaveWriter.Write(path, tensors);
        }
        else
        {
            SafetensorsFile.Write(path, tensors, metadata);
        }
    }

    /// <summary>Whether a file name asks for <c>torch.save</c>'s format (<c>.pth</c>, <c>.pt</c>).</summary>
    public static bool IsTorchSaveName(string path) =>
        path.EndsWith(".pth", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pt", StringComparison.OrdinalIgnoreCase);
}
