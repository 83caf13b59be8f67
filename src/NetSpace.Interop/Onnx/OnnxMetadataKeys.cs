namespace NetSpace.Interop.Onnx;

/// <summary>Keys of the <c>metadata_props</c> NetSpace writes into exported models (read back by <see cref="OnnxRuntimeEngine"/>).</summary>
public static class OnnxMetadataKeys
{
    /// <summary>NetSpace version that wrote the file.</summary>
    public const string Version = "netspace.version";

    /// <summary>The network spec as JSON (NetSpace's spec format).</summary>
    public const string Spec = "netspace.spec";

    /// <summary>Comma-separated tasks (<c>cls</c>, <c>det</c>, <c>seg</c>); their graph outputs are <c>logits</c>, <c>detection</c>, <c>segmentation</c>.</summary>
    public const string Tasks = "netspace.tasks";

    /// <summary>The dense heads (neck, detection, segmentation) as JSON, for multi-task networks.</summary>
    public const string Heads = "netspace.heads";

    /// <summary><c>float32-nchw-normalized</c> or <c>uint8-nhwc-pixels</c>.</summary>
    public const string InputFormat = "netspace.input_format";

    /// <summary>Per-channel mean of pixels/255 as a JSON array (absent when not known).</summary>
    public const string Mean = "netspace.normalization.mean";

    /// <summary>Per-channel standard deviation of pixels/255 as a JSON array (absent when not known).</summary>
    public const string Std = "netspace.normalization.std";

    /// <summary>Class names in label order as a JSON array (absent when not known).</summary>
    public const string ClassNames = "netspace.class_names";

    /// <summary><c>folded</c> or <c>unfolded</c>.</summary>
    public const string BatchNorm = "netspace.batchnorm";

    /// <summary>Where the network came from (run folder, zoo name, spec file).</summary>
    public const string Source = "netspace.source";

    /// <summary>Input format value of graphs that take normalised float32 NCHW tensors.</summary>
    public const string NormalizedInput = "float32-nchw-normalized";

    /// <summary>Input format value of graphs that take uint8 NHWC pixels (<c>--with-preprocessing</c>).</summary>
    public const string PixelInput = "uint8-nhwc-pixels";
}
