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
    }
}
