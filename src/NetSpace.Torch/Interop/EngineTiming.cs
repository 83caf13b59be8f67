namespace NetSpace.Torch.Interop;

/// <summary>TorchSharp and ONNX Runtime timed on one model at one batch size in the same rounds.</summary>
public sealed record EngineTiming
{
    /// <summary>Model name.</summary>
    public string Model { get; init; } = string.Empty;

    /// <summary>Input side in pixels.</summary>
    public int InputSize { get; init; }

    /// <summary>Multiply-adds per image.</summary>
    public long Flops { get; init; }

    /// <summary>Batch size.</summary>
    public int Batch { get; init; }

    /// <summary>Timed rounds (one forward of each engine per round).</summary>
    public int Reps { get; init; }

    /// <summary>TorchSharp median milliseconds per batch (BN folded, inference_mode).</summary>
    public double TorchMedianMs { get; init; }

    /// <summary>TorchSharp 10th and 90th percentile.</summary>
    public double TorchP10Ms { get; init; }

    /// <summary>TorchSharp 90th percentile.</summary>
    public double TorchP90Ms { get; init; }

    /// <summary>ONNX Runtime median milliseconds per batch (the exported graph, BN folded).</summary>
    public double OrtMedianMs { get; init; }

    /// <summary>ONNX Runtime 10th percentile.</summary>
    public double OrtP10Ms { get; init; }

    /// <summary>ONNX Runtime 90th percentile.</summary>
    public double OrtP90Ms { get; init; }

    /// <summary>Median of the per-round ratios TorchSharp ms / ONNX Runtime ms (above 1: ONNX Runtime is faster).</summary>
    public double Speedup { get; init; }

    /// <summary>max |logits TorchSharp − logits ONNX Runtime| on the same input.</summary>
    public double MaxAbsDiff { get; init; }

    /// <summary>max |logit| (the scale of <see cref="MaxAbsDiff"/>).</summary>
    public double LogitScale { get; init; }
}
