using NetSpace.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Modules;

/// <summary>A whole network (not a layer) that can compute in another <see cref="NetSpace.Training.Precision"/> than its float32 weights.</summary>
public interface IMixedPrecision
{
    /// <summary>The precision of the next forward passes (<see cref="Precision.Fp32"/> when built).</summary>
    Precision Precision { get; set; }
}

/// <summary>
/// The one place that decides which tensors change type under <see cref="Precision.Bf16"/>: the network's input on
/// entry (<see cref="Input"/>), each conv's weight (<see cref="ConvLayer"/>), a linear layer's input back to its
/// float32 weight (<see cref="ToWeightType"/>), and every output on exit (<see cref="Output"/>), so losses and metrics
/// always see float32. BN runs on bfloat16 input with float32 parameters and statistics (libtorch's mixed-type path).
/// </summary>
public static class MixedPrecision
{
    /// <summary>The floating-point type activations have under <paramref name="precision"/>.</summary>
    public static ScalarType ComputeType(Precision precision) => precision == Precision.Bf16 ? ScalarType.BFloat16 : ScalarType.Float32;

    /// <summary>Sets the precision of every non-null network that supports it.</summary>
    public static void Apply(Precision precision, params nn.Module?[] networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        foreach (var network in networks)
        {
            if (network is IMixedPrecision mixed)
            {
                mixed.Precision = precision;
            }
            else if (network is not null && precision != Precision.Fp32)
            {
                throw new NotSupportedException($"{network.GetType().Name} cannot compute in {precision}");
            }
        }
    }

    /// <summary>A network's input in its compute type: <paramref name="input"/> itself for float32, else a converted copy (layout kept).</summary>
    public static Tensor Input(Tensor input, Precision precision)
    {
        ArgumentNullException.ThrowIfNull(input);
        var type = ComputeType(precision);
        return precision == Precision.Fp32 || input.dtype == type ? input : input.to_type(type);
    }

    /// <summary>A network output in float32: <paramref name="output"/> itself when it already is.</summary>
    public static Tensor Output(Tensor output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return output.dtype == ScalarType.Float32 ? output : output.to_type(ScalarType.Float32);
    }

    /// <summary>
    /// A multi-task forward pass's outputs in float32, moved out of the caller's dispose scope (call inside it: a
    /// converted output replaces the bfloat16 one, which the scope then frees).
    /// </summary>
    public static MultiTask.MultiTaskOutputs Outputs(Tensor? logits, Tensor? detection, Tensor? segmentation) => new(
        logits is null ? null : Output(logits).MoveToOuterDisposeScope(),
        detection is null ? null : Output(detection).MoveToOuterDisposeScope(),
        segmentation is null ? null : Output(segmentation).MoveToOuterDisposeScope());

    /// <summary><paramref name="x"/> in the type of <paramref name="weight"/> (a linear layer's input: the head computes in float32).</summary>
    public static Tensor ToWeightType(Tensor x, Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        return x.dtype == weight.dtype ? x : x.to_type(weight.dtype);
    }
}
