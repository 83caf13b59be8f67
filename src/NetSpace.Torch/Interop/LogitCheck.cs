using NetSpace.Interop.PyTorch;
using NetSpace.Torch.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Interop;

/// <summary>
/// Compares a network's eval-mode logits with a reference written by PyTorch: a safetensors file holding <c>input</c>
/// (N×C×H×W) and <c>logits</c> (N×classes), as <c>scripts/interop/torchvision_fixtures.py</c> writes them.
/// </summary>
public static class LogitCheck
{
    /// <summary>Runs the network (eval mode, no gradients) on the reference input and measures the difference.</summary>
    public static LogitCheckResult Compare(NetworkModule model, string referenceFile)
    {
        ArgumentNullException.ThrowIfNull(model);
        var reference = StateDictFile.Read(referenceFile);
        var input = reference.Find("input") ?? throw new PyTorchFormatException($"{referenceFile}: no tensor 'input' (N×C×H×W)");
        var logits = reference.Find("logits") ?? throw new PyTorchFormatException($"{referenceFile}: no tensor 'logits' (N×classes)");
        if (input.Shape.Count != 4 || input.Shape[1] != model.Spec.Input.Channels || !input.DType.IsFloatingPoint())
        {
            throw new PyTorchFormatException(
                $"{referenceFile}: 'input' is {input.DType} {StoredTensor.FormatShape(input.Shape)}; floating-point N×{model.Spec.Input.Channels}×H×W expected");
        }

        if (logits.Shape.Count != 2 || logits.Shape[0] != input.Shape[0] || logits.Shape[1] != model.Spec.Head.Classes)
        {
            throw new PyTorchFormatException(
                $"{referenceFile}: 'logits' is {StoredTensor.FormatShape(logits.Shape)}; [{input.Shape[0]}, {model.Spec.Head.Classes}] expected");
        }

        model.eval();
        using var noGrad = torch.no_grad();
        using var x = torch.tensor(input.ToFloats(), input.Shape.ToArray(), dtype: ScalarType.Float32);
        using var y = model.call(x);
        var ours = y.data<float>().ToArray();
        var theirs = logits.ToFloats();
        double maxDelta = 0, scale = 0;
        for (int i = 0; i < theirs.Length; i++)
        {
            maxDelta = Math.Max(maxDelta, Math.Abs((double)ours[i] - theirs[i]));
            scale = Math.Max(scale, Math.Abs((double)theirs[i]));
        }

        if (ours.Any(v => !float.IsFinite(v)))
        {
            maxDelta = double.PositiveInfinity;
        }

        return new LogitCheckResult(logits.Shape, maxDelta, scale);
    }
}
