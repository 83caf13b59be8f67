using NetSpace.Data;
using NetSpace.Torch.Data;
using System.IO.Compression;

namespace NetSpace.Torch.Data;

/// <summary>Reads a data file whole, gunzipping it when it starts with the gzip magic bytes 1f 8b (whatever its name).</summary>
internal static class DataFile
{
    /// <summary>The file's bytes, decompressed if it is gzip data; <paramref name="gzipped"/> tells which.</summary>
    public static byte[] ReadAllBytes(string path, out bool gzipped)
    {
        byte[] raw;
        try
        {
            raw = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"cannot read the file: {e.Message}", e);
        }

        gzipped = raw.Length >= 2 && raw[0] == 0x1f && raw[1] == 0x8b;
        if (!gzipped)
        {
            return raw;
        }

        try
        {
            using var input = new MemoryStream(raw, writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream(capacity: raw.Length * 4);
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new DataFormatException(path, $"corrupt or truncated gzip data: {e.Message}", e);
        }
    }

    /// <summary>"" or " (after gunzip)", to say which byte counts a message is about.</summary>
    public static string Note(bool gzipped) => gzipped ? " (after gunzip)" : string.Empty;
}
