namespace NetSpace.Specs;

/// <summary>
/// The dense-prediction part of a multi-task network: an FPN-style neck over every stage's output
/// (1×1 lateral convs to <see cref="NeckWidth"/>, nearest-neighbour top-down upsampling and addition,
/// one 3×3 conv → BN → act at the finest level, the first stage's stride), and on that map a
/// CenterNet-style detection head and a light segmentation head. The classification head is the
/// backbone's own <see cref="HeadSpec"/>.
/// </summary>
public sealed record DenseHeadsSpec
{
    /// <summary>Channels of the neck's maps.</summary>
    public int NeckWidth { get; init; } = 64;

    /// <summary>Channels of the detection head's 3×3 conv (then 1×1 to C heat maps and 4 box channels).</summary>
    public int DetectionWidth { get; init; } = 64;

    /// <summary>Channels of the segmentation head's 3×3 conv (then 1×1 to C + 1 class logits, upsampled to the input).</summary>
    public int SegmentationWidth { get; init; } = 64;

    /// <summary>
    /// HRNet-like fusion instead of the FPN neck (FBNetV5's searched fusion), or null for the FPN neck.
    /// </summary>
    public FusionSpec? Fusion { get; init; }

    /// <summary>Throws <see cref="SpecValidationException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (NeckWidth < 1)
        {
            throw new SpecValidationException("heads.neck_width", $"{NeckWidth} must be ≥ 1");
        }

        if (DetectionWidth < 1)
        {
            throw new SpecValidationException("heads.detection_width", $"{DetectionWidth} must be ≥ 1");
        }

        if (SegmentationWidth < 1)
        {
            throw new SpecValidationException("heads.segmentation_width", $"{SegmentationWidth} must be ≥ 1");
        }

        Fusion?.Validate();
    }

    /// <inheritdoc />
    public bool Equals(DenseHeadsSpec? other) =>
        other is not null && NeckWidth == other.NeckWidth && DetectionWidth == other.DetectionWidth
        && SegmentationWidth == other.SegmentationWidth && Equals(Fusion, other.Fusion);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(NeckWidth, DetectionWidth, SegmentationWidth, Fusion);
}

/// <summary>
/// Fusion of the feature levels (finest first; one per output resolution, see
/// <c>MultiTaskComplexity.FeatureLevels</c>) into two outputs: a high-resolution map at the finest level,
/// read by the detection and segmentation heads, and a low-resolution map at the coarsest level, read by the
/// classification head. Level j reaches an output through its own 1×1 conv (with bias) to the neck width:
/// upsampled (nearest) to the finest level, or average-pooled to the coarsest level before its conv. The
/// outputs' own levels are always kept; every other edge is a keep/skip decision of the search.
/// </summary>
public sealed record FusionSpec
{
    /// <summary>Per level: whether it feeds the high-resolution output (the first entry must be true).</summary>
    public IReadOnlyList<bool> ToHigh { get; init; } = [];

    /// <summary>Per level: whether it feeds the low-resolution output (the last entry must be true).</summary>
    public IReadOnlyList<bool> ToLow { get; init; } = [];

    /// <summary>Throws <see cref="SpecValidationException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (ToHigh.Count < 1 || ToHigh.Count != ToLow.Count)
        {
            throw new SpecValidationException("heads.fusion", $"to_high and to_low need one entry per feature level (got {ToHigh.Count} and {ToLow.Count})");
        }

        if (!ToHigh[0] || !ToLow[^1])
        {
            throw new SpecValidationException("heads.fusion", "the finest level must feed the high-resolution output and the coarsest the low-resolution output");
        }
    }

    /// <inheritdoc />
    public bool Equals(FusionSpec? other) => other is not null && ToHigh.SequenceEqual(other.ToHigh) && ToLow.SequenceEqual(other.ToLow);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ToHigh.Count, string.Concat(ToHigh.Select(b => b ? '1' : '0')), string.Concat(ToLow.Select(b => b ? '1' : '0')));
}
