// Compiled by MSBuild's RoslynCodeTaskFactory (see LibTorchSharpFixup.targets); netstandard2.0 API only.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks the version requirements that an ELF64 shared library places on libstdc++.so.6 as weak
/// (VER_FLG_WEAK in .gnu.version_r) when the system's libstdc++ does not define that version.
/// The file is rewritten atomically and keeps its timestamp, so MSBuild's incremental copy
/// (which compares size and time) does not copy the unpatched original back over it.
/// </summary>
public sealed class MarkMissingGlibcxxVersionsWeak : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    private static readonly string[] LibStdCxxCandidates =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    };

    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        if (!BitConverter.IsLittleEndian)
        {
            return true;
        }

        string systemLib = null;
        foreach (var candidate in LibStdCxxCandidates)
        {
            if (File.Exists(candidate)) { systemLib = candidate; break; }
        }
        if (systemLib == null)
        {
            Log.LogMessage(MessageImportance.Low, "No system libstdc++.so.6 found; libLibTorchSharp.so left as shipped.");
            return true;
        }
        // Version names (GLIBCXX_3.4.30, ...) appear as plain strings in the library's .dynstr.
        string systemText = Encoding.ASCII.GetString(File.ReadAllBytes(systemLib));

        foreach (var item in Files)
        {
            string path = item.ItemSpec;
            try
            {
                var patched = Patch(path, systemText);
                if (patched.Count > 0)
                {
                    Log.LogMessage(MessageImportance.Normal,
                        "NetSpace: marked " + string.Join(", ", patched) + " weak in " + path +
                        " (not defined by " + systemLib + ").");
                }
            }
            catch (Exception ex)
            {
                Log.LogError("NetSpace: cannot patch " + path + ": " + ex.Message);
                return false;
            }
        }
        return !Log.HasLoggedErrors;
    }

    private static List<string> Patch(string path, string systemText)
    {
        var names = new List<string>();
        byte[] elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file");
        }
        if (elf[4] != 2 || elf[5] != 1)
        {
            return names; // only ELF64 little-endian is shipped by TorchSharp for Linux x64/arm64
        }

        long shoff = BitConverter.ToInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        bool changed = false;

        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            uint type = BitConverter.ToUInt32(elf, (int)sh + 4);
            if (type != ShtGnuVerneed) continue;

            long offset = BitConverter.ToInt64(elf, (int)sh + 24);
            uint link = BitConverter.ToUInt32(elf, (int)sh + 40);
            uint count = BitConverter.ToUInt32(elf, (int)sh + 44);
            long strtab = BitConverter.ToInt64(elf, (int)(shoff + (long)link * shentsize) + 24);

            long vn = offset;
            for (uint n = 0; n < count; n++)
            {
                ushort auxCount = BitConverter.ToUInt16(elf, (int)vn + 2);
                string file = ReadCString(elf, strtab + BitConverter.ToUInt32(elf, (int)vn + 4));
                long aux = vn + BitConverter.ToUInt32(elf, (int)vn + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    ushort flags = BitConverter.ToUInt16(elf, (int)aux + 4);
                    string version = ReadCString(elf, strtab + BitConverter.ToUInt32(elf, (int)aux + 8));
                    bool isLibStdCxx = file.StartsWith("libstdc++.so", StringComparison.Ordinal);
                    if (isLibStdCxx && (flags & VerFlgWeak) == 0 && !DefinesVersion(systemText, version))
                    {
                        flags |= VerFlgWeak;
                        byte[] bytes = BitConverter.GetBytes(flags);
                        elf[aux + 4] = bytes[0];
                        elf[aux + 5] = bytes[1];
                        names.Add(version);
                        changed = true;
                    }
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                vn += BitConverter.ToUInt32(elf, (int)vn + 12);
            }
        }

        if (changed)
        {
            DateTime stamp = File.GetLastWriteTimeUtc(path);
            string temp = path + ".netspace-tmp";
            File.WriteAllBytes(temp, elf);
            File.SetLastWriteTimeUtc(temp, stamp);
            File.Delete(path);
            File.Move(temp, path);
        }
        return names;
    }

    private static bool DefinesVersion(string systemText, string version)
    {
        // Require a NUL after the name so GLIBCXX_3.4.3 does not match GLIBCXX_3.4.32.
        return systemText.IndexOf(version + "\0", StringComparison.Ordinal) >= 0;
    }

    private static string ReadCString(byte[] data, long start)
    {
        long end = start;
        while (end < data.Length && data[end] != 0) end++;
        return Encoding.ASCII.GetString(data, (int)start, (int)(end - start));
    }
}
