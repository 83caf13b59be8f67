using NetSpace.Data;
using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using NetSpace.Metrics;
using NetSpace.Serialization;

namespace NetSpace.Torch.Data.MultiTask;

/// <summary>A scene set: manifest and both splits.</summary>
public sealed record MultiTaskDataset(MultiTaskManifest Manifest, SceneSplit Train, SceneSplit Test);

/// <summary>
/// Stores a scene set as binary files plus a JSON manifest: per split <c>{split}-images.u8</c> (N×S×S bytes),
/// <c>{split}-masks.u8</c>, <c>{split}-labels.i32</c> (little-endian int32) and <c>{split}-boxes.i32</c>
/// (little-endian int32 records: scene, category, x, y, w, h), the detection labels also as COCO JSON
/// (<c>{split}-coco.json</c>), and <c>manifest.json</c> with every file's length and SHA-256, written last.
/// The files are written into a temporary sibling folder that is renamed into place, so an interrupted write
/// never leaves a folder that loads. Loading checks lengths, hashes and ranges.
/// </summary>
public static class MultiTaskStore
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>The COCO ground-truth file of a split.</summary>
    public static string CocoFile(string split) => $"{split}-coco.json";

    /// <summary>Writes the splits and <paramref name="manifest"/> (splits and class names filled in) into <paramref name="dir"/> (which must not exist or be empty, unless <paramref name="overwrite"/>).</summary>
    /// <exception cref="IOException">The folder holds other files and <paramref name="overwrite"/> is false.</exception>
    public static MultiTaskManifest Write(string dir, MultiTaskManifest manifest, SceneSplit train, SceneSplit test, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        if (train.Size != test.Size || !train.ClassNames.SequenceEqual(test.ClassNames))
        {
            throw new ArgumentException($"train ({train.Size} px, {train.Classes} classes) and test ({test.Size} px, {test.Classes} classes) scenes differ");
        }

        string full = Path.GetFullPath(dir);
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any() && !overwrite)
        {
            throw new NetSpace.Training.RunFolderConflictException($"{full}: the folder is not empty; choose another folder or overwrite it");
        }

        string temp = full.TrimEnd(Path.DirectorySeparatorChar) + $".tmp-{Environment.ProcessId}";
        if (Directory.Exists(temp))
        {
            Directory.Delete(temp, recursive: true);
        }

        Directory.CreateDirectory(temp);
        try
        {
            var stored = manifest with
            {
                Options = manifest.Options with { Size = train.Size },
                ClassNames = train.ClassNames,
                Train = WriteSplit(temp, "train", train),
                Test = WriteSplit(temp, "test", test),
            };
            File.WriteAllText(Path.Combine(temp, ManifestFile), SpecJson.Serialize(stored) + "\n");
            if (Directory.Exists(full))
            {
                Directory.Delete(full, recursive: true);
            }

            Directory.Move(temp, full);
            return stored;
        }
        catch
        {
            Directory.Delete(temp, recursive: true);
            throw;
        }
    }

    /// <summary>Loads and verifies a stored set.</summary>
    /// <exception cref="MultiTaskFormatException">Something is missing, truncated, corrupted or out of range.</exception>
    public static MultiTaskDataset Load(string dir)
    {
        string full = Path.GetFullPath(dir);
        string manifestPath = Path.Combine(full, ManifestFile);
        if (!File.Exists(manifestPath))
        {
            throw new MultiTaskFormatException(Directory.Exists(full)
                ? $"{manifestPath}: not found (not a scene set, or its writing was interrupted; make one with 'netspace data multitask --out {dir}')"
                : $"{full}: folder not found (make a scene set with 'netspace data multitask --out {dir}')");
        }

        MultiTaskManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<MultiTaskManifest>(File.ReadAllText(manifestPath), SpecJson.Options)
                ?? throw new MultiTaskFormatException($"{manifestPath}: empty manifest");
        }
        catch (JsonException ex)
        {
            throw new MultiTaskFormatException($"{manifestPath}: not a valid manifest ({ex.Message})", ex);
        }

        if (manifest.Format != MultiTaskManifest.FormatName || manifest.Version != MultiTaskManifest.CurrentVersion)
        {
            throw new MultiTaskFormatException($"{manifestPath}: format '{manifest.Format}' version {manifest.Version}, expected '{MultiTaskManifest.FormatName}' version {MultiTaskManifest.CurrentVersion}");
        }

        return new MultiTaskDataset(manifest, ReadSplit(full, "train", manifest.Train, manifest), ReadSplit(full, "test", manifest.Test, manifest));
    }

    private static StoredSplit WriteSplit(string dir, string name, SceneSplit split)
    {
        var labels = new byte[split.Count * 4];
        for (int i = 0; i < split.Count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(labels.AsSpan(i * 4), split.Labels[i]);
        }

        int boxCount = split.Boxes.Sum(b => b.Length);
        var boxes = new byte[boxCount * 24];
        int at = 0;
        for (int i = 0; i < split.Count; i++)
        {
            foreach (var b in split.Boxes[i])
            {
                foreach (int v in new[] { i, b.Category, b.X, b.Y, b.Width, b.Height })
                {
                    BinaryPrimitives.WriteInt32LittleEndian(boxes.AsSpan(at), v);
                    at += 4;
                }
            }
        }

        var files = new List<StoredFile>
        {
            WriteFile(dir, $"{name}-images.u8", split.Images),
            WriteFile(dir, $"{name}-masks.u8", split.Masks),
            WriteFile(dir, $"{name}-labels.i32", labels),
            WriteFile(dir, $"{name}-boxes.i32", boxes),
        };
        CocoJson.WriteGroundTruth(Path.Combine(dir, CocoFile(name)), SceneCoco.GroundTruth(split, name));
        return new StoredSplit(split.Count, files);
    }

    private static StoredFile WriteFile(string dir, string name, byte[] bytes)
    {
        File.WriteAllBytes(Path.Combine(dir, name), bytes);
        return new StoredFile(name, bytes.LongLength, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private static SceneSplit ReadSplit(string dir, string name, StoredSplit stored, MultiTaskManifest manifest)
    {
        int s = manifest.Options.Size, n = stored.Count;
        long plane = (long)s * s;
        byte[] Read(string suffix, long? expectedLength)
        {
            string file = $"{name}-{suffix}";
            string path = Path.Combine(dir, file);
            var entry = stored.Files.FirstOrDefault(f => f.Name == file)
                ?? throw new MultiTaskFormatException($"{Path.Combine(dir, ManifestFile)}: {name} split does not list {file}");
            if (!File.Exists(path))
            {
                throw new MultiTaskFormatException($"{path}: missing");
            }

            var bytes = File.ReadAllBytes(path);
            if (bytes.LongLength != entry.Length || (expectedLength is long e && e != bytes.LongLength))
            {
                throw new MultiTaskFormatException($"{path}: {bytes.LongLength} bytes, expected {expectedLength ?? entry.Length} (truncated or not this set's file)");
            }

            if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != entry.Sha256)
            {
                throw new MultiTaskFormatException($"{path}: SHA-256 does not match the manifest (corrupted)");
            }

            return bytes;
        }

        var images = Read("images.u8", n * plane);
        var masks = Read("masks.u8", n * plane);
        var labelBytes = Read("labels.i32", n * 4L);
        var boxBytes = Read("boxes.i32", null);
        string boxPath = Path.Combine(dir, $"{name}-boxes.i32");
        if (boxBytes.Length % 24 != 0)
        {
            throw new MultiTaskFormatException($"{boxPath}: {boxBytes.Length} bytes is not a whole number of 24-byte box records");
        }

        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = BinaryPrimitives.ReadInt32LittleEndian(labelBytes.AsSpan(i * 4));
        }

        var lists = Enumerable.Range(0, n).Select(_ => new List<SceneBox>()).ToArray();
        for (int at = 0; at < boxBytes.Length; at += 24)
        {
            int V(int k) => BinaryPrimitives.ReadInt32LittleEndian(boxBytes.AsSpan(at + (4 * k)));
            int scene = V(0);
            if ((uint)scene >= (uint)n)
            {
                throw new MultiTaskFormatException($"{boxPath}: record {at / 24} refers to scene {scene} of {n}");
            }

            lists[scene].Add(new SceneBox(V(1), V(2), V(3), V(4), V(5)));
        }

        try
        {
            return new SceneSplit(images, masks, labels, lists.Select(l => l.ToArray()).ToArray(), s, manifest.ClassNames);
        }
        catch (ArgumentException ex)
        {
            throw new MultiTaskFormatException($"{Path.Combine(dir, name)}-*: {ex.Message}", ex);
        }
    }
}
