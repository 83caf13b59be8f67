using NetSpace.Training;
using NetSpace.Training.MultiTask;
using NetSpace.Torch.Modules;
using NetSpace.Torch.Training.MultiTask;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Training.MultiTask;

/// <summary>The losses of the three tasks (CenterNet's for detection).</summary>
public static class MultiTaskLosses
{
    /// <summary>Weight of the size regression relative to the heat map and offsets (CenterNet: 0.1).</summary>
    public const double SizeWeight = 0.1;

    // The loss's constants as Scalars that live as long as the process (see RootedScalars).
    private static readonly Scalar Two = 2.ToScalar(), Four = 4.ToScalar(), SizeWeightScalar = SizeWeight.ToScalar();
    private static readonly Scalar ClampLow = 1e-4.ToScalar(), ClampHigh = (1 - 1e-4).ToScalar();

    /// <summary>
    /// CenterNet detection loss: the penalty-reduced focal loss on the heat maps (α = 2, β = 4: positives
    /// −(1−p)²·log p at centres, negatives −(1−y)⁴·p²·log(1−p) elsewhere), plus L1 on the offsets and
    /// 0.1 × L1 on the sizes at centres; all divided by the number of objects (at least 1).
    /// </summary>
    /// <param name="output">B×(C+4)×h×w head output (C heat-map logits, then 4 regression channels).</param>
    /// <param name="heat">B×C×h×w Gaussian targets (1 at centres).</param>
    /// <param name="regression">B×4×h×w regression targets.</param>
    /// <param name="centres">B×1×h×w centre mask.</param>
    public static Tensor Detection(Tensor output, Tensor heat, Tensor regression, Tensor centres)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(heat);
        using var scope = NewDisposeScope();
        long classes = heat.shape[1];
        var logits = output.narrow(1, 0, classes);
        var reg = output.narrow(1, classes, 4);

        // log σ(x) and log(1 − σ(x)) straight from the logits (stable), p = σ(x) clamped as CenterNet does.
        var p = logits.sigmoid().clamp(ClampLow, ClampHigh);
        var logP = nn.functional.logsigmoid(logits);
        var log1mP = nn.functional.logsigmoid(-logits);
        var positive = heat.eq(RootedScalars.One).to_type(ScalarType.Float32);
        var negativeWeight = OneMinus(heat).pow(Four) * OneMinus(positive);
        var positiveTerm = positive * OneMinus(p).pow(Two) * logP;
        var negativeTerm = negativeWeight * p.pow(Two) * log1mP;
        var focal = -positiveTerm.add(negativeTerm, RootedScalars.One).sum();
        var objects = centres.sum().clamp_min(RootedScalars.One);
        var absError = (reg - regression).abs() * centres;
        var offset = absError.narrow(1, 0, 2).sum();
        var size = absError.narrow(1, 2, 2).sum();
        return (focal.add(offset, RootedScalars.One).add(size.mul(SizeWeightScalar), RootedScalars.One) / objects).MoveToOuterDisposeScope();
    }

    private static Tensor OneMinus(Tensor x) => x.neg().add_(RootedScalars.One, RootedScalars.One);

    /// <summary>Per-pixel cross-entropy of B×(C+1)×H×W logits against B×H×W classes.</summary>
    public static Tensor Segmentation(Tensor logits, Tensor masks) => nn.functional.cross_entropy(logits, masks);

    /// <summary>Cross-entropy of B×C logits.</summary>
    public static Tensor Classification(Tensor logits, Tensor labels, double labelSmoothing = 0) =>
        nn.functional.cross_entropy(logits, labels, label_smoothing: labelSmoothing);
}
