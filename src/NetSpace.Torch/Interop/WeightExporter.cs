using NetSpace.Interop.PyTorch;
using NetSpace.Torch.Modules;
using NetSpace.Serialization;
using NetSpace.Specs;
using NetSpace.Training;
using NetSpace.Torch.Training;
using NetSpace.Zoo;

namespace NetSpace.Torch.Interop;

/// <summary>
/// <c>netspace export weights</c>: a run folder's weights → a safetensors file in torchvision's or timm's names. The
/// metadata carries the NetSpace spec (JSON) and, when the spec equals a known model's, its name.
/// </summary>
public static class WeightExporter
{
    /// <summary>Writes <paramref name="outFile"/> (atomically) from the run folder's <c>spec.json</c> and <c>weights</c>.</summary>
    public static WeightExportSummary Export(string runDir, WeightConvention to, string outFile)
    {
        ArgumentNullException.ThrowIfNull(runDir);
        ArgumentNullException.ThrowIfNull(outFile);
        if (!outFile.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) && !StateDictFile.IsTorchSaveName(outFile))
        {
            throw new PyTorchFormatException($"--out {outFile}: a .safetensors file (preferred: it loads without running pickle code) or a .pth/.pt file expected");
        }

        var folder = new RunFolder(runDir);
        if (!File.Exists(folder.SpecFile) || !File.Exists(folder.WeightsFile))
        {
            throw new FileNotFoundException($"{runDir}: no spec.json and weights here (a folder of 'netspace train' or 'netspace import weights' expected)");
        }

        var spec = folder.ReadSpec();
        var family = WeightFamilies.Detect(spec);
        WeightFamilies.CheckRepresentable(spec, to, family);
        var map = WeightNameMaps.For(to, family);
        using var model = new NetworkModule(spec);
        try
        {
            model.load(folder.WeightsFile);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or EndOfStreamException)
        {
            throw new WeightMappingException($"{folder.WeightsFile}: does not hold the weights of the run's spec.json ({ex.Message})", ex);
        }

        var tensors = PyTorchWeights.Export(model, map);
        string? arch = KnownArchitecture(spec, to);
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["netspace_spec"] = SpecJson.Serialize(spec, indented: false),
            ["netspace_convention"] = PretrainedArchitectures.Label(to),
        };
        if (arch is not null)
        {
            metadata["netspace_arch"] = arch;
        }

        StateDictFile.Write(outFile, tensors, metadata);
        return new WeightExportSummary(Path.GetFullPath(outFile), to, tensors.Count, model.ParameterCount, arch);
    }

    /// <summary>The library's model name whose architecture equals the spec's (name, input size, dropout and classes aside).</summary>
    public static string? KnownArchitecture(NetworkSpec spec, WeightConvention convention)
    {
        ArgumentNullException.ThrowIfNull(spec);
        static NetworkSpec Shape(NetworkSpec s) => s with
        {
            Name = null,
            RegNet = null,
            Input = s.Input with { Size = 0 },
            Head = s.Head with { Classes = 0, Dropout = 0 },
        };

        var shape = Shape(spec);
        return PretrainedArchitectures.All
            .Where(a => a.Convention == convention)
            .FirstOrDefault(a => Shape(ModelZoo.Get(a.ZooName)) == shape)?.Name;
    }
}
