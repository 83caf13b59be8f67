namespace NetSpace.Interop.Onnx;

/// <summary>How <see cref="OnnxExporter"/> writes a network.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>Lowest opset written: Resize with optional roi/scales inputs needs opset 13.</summary>
    public const int MinOpset = 13;

    /// <summary>Highest opset written (every operator used keeps its meaning up to here; ONNX Runtime 1.32 runs it).</summary>
    public const int MaxOpset = 21;

    /// <summary>Default opset.</summary>
    public const int DefaultOpset = 17;

    /// <summary>The default-domain opset of the graph.</summary>
    public int Opset { get; init; } = DefaultOpset;

    /// <summary>Fold each BatchNorm into its conv (<c>BatchNormFolding</c>'s arithmetic); false writes BatchNormalization nodes.</summary>
    public bool FoldBatchNorm { get; init; } = true;

    /// <summary>
    /// The graph takes uint8 NHWC pixels and normalises them itself (Cast, Transpose, x·1/(255·std) − mean/std, as
    /// NetSpace's batch loader); false takes the normalised float32 NCHW tensor.
    /// </summary>
    public bool WithPreprocessing { get; init; }

    /// <summary>Per-channel mean of pixels scaled to [0, 1] the network was trained with; null = not known (x/255 only).</summary>
    public IReadOnlyList<double>? Mean { get; init; }

    /// <summary>Per-channel standard deviation matching <see cref="Mean"/>.</summary>
    public IReadOnlyList<double>? Std { get; init; }

    /// <summary>Class names in label order, stored in the metadata when known.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Where the network came from (run folder, zoo name, spec file), stored in the metadata.</summary>
    public string? Source { get; init; }
}
