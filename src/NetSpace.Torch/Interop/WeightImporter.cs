using NetSpace.Interop.PyTorch;
using System.Globalization;
using System.Security.Cryptography;
using NetSpace.Serialization;
using NetSpace.Training;
using NetSpace.Torch.Training;
using NetSpace.Zoo;

namespace NetSpace.Torch.Interop;

/// <summary>
/// <c>netspace import weights</c>: a PyTorch state dict → a NetSpace run folder (<c>spec.json</c>, <c>weights</c> in
/// TorchSharp's format as <c>netspace train</c> writes them, <c>import.json</c> saying where they came from). The folder
/// is written under a temporary name and renamed into place only when everything (the optional logit check included)
/// has succeeded, so a failed import leaves nothing behind.
/// </summary>
public static class WeightImporter
{
    /// <summary>The record written to <c>import.json</c> and the check's result (null without a check file).</summary>
    public static (WeightImportRecord Record, LogitCheckResult? Check) Import(WeightImportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((request.Arch is null) == (request.Spec is null))
        {
            throw new ArgumentException("give exactly one of an architecture name and a spec", nameof(request));
        }

        string outDir = Path.GetFullPath(request.OutDir);
        if (File.Exists(outDir) || (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any()))
        {
            throw new NetSpace.Training.RunFolderConflictException($"{request.OutDir}: already exists and is not empty; give a new run folder");
        }

        var file = StateDictFile.Read(request.File);
        NetSpace.Specs.NetworkSpec spec;
        WeightNameMap map;
        if (request.Arch is { } arch)
        {
            var known = PretrainedArchitectures.Get(request.From, arch);
            spec = ModelZoo.Get(known.ZooName);
            map = WeightNameMaps.For(request.From, known.Family);
        }
        else
        {
            spec = request.Spec!;
            map = WeightNameMaps.For(request.From, WeightFamilies.Detect(spec));
        }

        WeightFamilies.CheckRepresentable(spec, request.From, map.Family);
        var fitted = WeightMapping.WithFileClasses(spec, file, map);
        using var model = PyTorchWeights.Import(file, fitted, map);
        LogitCheckResult? check = null;
        if (request.CheckFile is { } checkFile)
        {
            check = LogitCheck.Compare(model, checkFile);
            if (!(check.RelativeDelta <= request.Tolerance))
            {
                throw new LogitCheckException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{checkFile}: the imported network's logits differ from the reference by {check.MaxAbsDelta:G3} (max |logit| {check.LogitScale:G3}, relative {check.RelativeDelta:G3} > {request.Tolerance:G3}); nothing written"));
            }
        }

        var record = new WeightImportRecord
        {
            From = PretrainedArchitectures.Label(request.From),
            Arch = request.Arch,
            Spec = fitted.Name,
            File = Path.GetFullPath(request.File),
            Sha256 = Sha256(request.File),
            Tensors = file.Count,
            Params = model.ParameterCount,
            ClassesFromFile = fitted.Head.Classes != spec.Head.Classes ? fitted.Head.Classes : null,
            CheckFile = request.CheckFile is null ? null : Path.GetFullPath(request.CheckFile),
            CheckRelativeDelta = check?.RelativeDelta,
            ImportedAt = DateTimeOffset.UtcNow,
        };

        string parent = Path.GetDirectoryName(outDir)!;
        Directory.CreateDirectory(parent);
        string temp = Path.Combine(parent, $".{Path.GetFileName(outDir)}.import-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var folder = new RunFolder(temp);
            folder.Create();
            AtomicFile.WriteAllText(folder.SpecFile, SpecJson.Serialize(fitted) + "\n");
            model.save(folder.WeightsFile);
            RunFolder.WriteJson(Path.Combine(temp, "import.json"), record);
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir); // empty, checked above
            }

            Directory.Move(temp, outDir);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }

        return (record, check);
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
