using NetSpace.Torch.Modules;
using NetSpace.Specs;
using TorchSharp;

namespace NetSpace.Cli.Commands;

/// <summary>
/// The TorchSharp part of <c>models build</c>, kept in its own type so that the other commands never
/// load TorchSharp or libtorch.
/// </summary>
internal static class ModelBuild
{
    /// <summary>
    /// Builds the module, runs one forward pass in eval mode without gradients on
    /// <c>randn(1, channels, size, size)</c>, checks the output is <c>[1, classes]</c>, and saves the
    /// weights to a temporary file in the target folder which is then renamed to <paramref name="outPath"/>.
    /// </summary>
    public static BuildResult Run(NetworkSpec spec, long seed, string outPath)
    {
        using var model = NetworkBuilder.Build(spec, seed);
        model.eval();
        long[] inputShape = [1, spec.Input.Channels, spec.Input.Size, spec.Input.Size];
        long[] outputShape;
        using (torch.no_grad())
        using (var input = torch.randn(inputShape))
        using (var output = model.call(input))
        {
            outputShape = output.shape;
        }

        if (outputShape is not [1, var classes] || classes != spec.Head.Classes)
        {
            throw new InvalidOperationException(
                $"the module's output has shape [{string.Join(", ", outputShape)}], expected [1, {spec.Head.Classes}]");
        }

        long parameterCount = model.parameters().Sum(p => p.numel());

        string full = Path.GetFullPath(outPath);
        string? dir = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        string temp = full + $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            model.save(temp);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }

        return new BuildResult(inputShape, outputShape, parameterCount, full, new FileInfo(full).Length);
    }
}
