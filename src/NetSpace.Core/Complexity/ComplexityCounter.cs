namespace NetSpace.Complexity;

/// <summary>
/// Running totals with the current feature-map size, advanced layer by layer with pycls's rules
/// (<c>pycls/models/blocks.py</c>: <c>conv2d_cx</c>, <c>norm2d_cx</c>, <c>pool2d_cx</c>, <c>gap2d_cx</c>, <c>linear_cx</c>).
/// </summary>
public sealed class ComplexityCounter
{
    /// <summary>Starts at an input of the given height and width.</summary>
    public ComplexityCounter(int height, int width)
    {
        Height = height;
        Width = width;
    }

    /// <summary>Current feature-map height.</summary>
    public int Height { get; set; }

    /// <summary>Current feature-map width.</summary>
    public int Width { get; set; }

    /// <summary>Multiply-adds so far.</summary>
    public long Flops { get; private set; }

    /// <summary>Parameters so far.</summary>
    public long Params { get; private set; }

    /// <summary>Activations so far.</summary>
    public long Acts { get; private set; }

    /// <summary>The totals so far.</summary>
    public ModelComplexity Total => new(Flops, Params, Acts);

    /// <summary>
    /// k×k conv: h' = (h−1)//s + 1; flops += k²·c_in·c_out·h'·w'/groups (+ c_out·h'·w' with bias);
    /// params += k²·c_in·c_out/groups (+ c_out); acts += c_out·h'·w'.
    /// </summary>
    public void Conv(int cIn, int cOut, int kernel, int stride = 1, int groups = 1, bool bias = false)
    {
        Height = ((Height - 1) / stride) + 1;
        Width = ((Width - 1) / stride) + 1;
        long hw = (long)Height * Width;
        long k2 = (long)kernel * kernel;
        Flops += (k2 * cIn * cOut * hw / groups) + (bias ? cOut * hw : 0);
        Params += (k2 * cIn * cOut / groups) + (bias ? cOut : 0);
        Acts += cOut * hw;
    }

    /// <summary>Batch norm: 2·C parameters (γ, β); running statistics are buffers.</summary>
    public void Norm(int channels) => Params += 2L * channels;

    /// <summary>Max pool: output size as a conv of the same stride; its output counts as activations.</summary>
    public void MaxPool(int channels, int stride)
    {
        Height = ((Height - 1) / stride) + 1;
        Width = ((Width - 1) / stride) + 1;
        Acts += (long)channels * Height * Width;
    }

    /// <summary>Resampling (nearest or bilinear) to <paramref name="height"/>×<paramref name="width"/>: no flops or params; its output counts as activations.</summary>
    public void Resample(int channels, int height, int width)
    {
        Height = height;
        Width = width;
        Acts += (long)channels * height * width;
    }

    /// <summary>Global average pool: the map becomes 1×1; costs nothing.</summary>
    public void GlobalPool()
    {
        Height = 1;
        Width = 1;
    }

    /// <summary>Linear layer: flops and params in·out (+ out with bias); acts += out.</summary>
    public void Linear(int inFeatures, int outFeatures, bool bias = true)
    {
        Flops += ((long)inFeatures * outFeatures) + (bias ? outFeatures : 0);
        Params += ((long)inFeatures * outFeatures) + (bias ? outFeatures : 0);
        Acts += outFeatures;
    }

    /// <summary>
    /// Squeeze-and-excitation on a w-channel map: global pool, 1×1 conv w→se (bias), 1×1 conv se→w (bias);
    /// the spatial size is restored afterwards (pycls <c>SE.complexity</c>).
    /// </summary>
    public void SqueezeExcitation(int channels, int seWidth)
    {
        var (h, w) = (Height, Width);
        GlobalPool();
        Conv(channels, seWidth, 1, bias: true);
        Conv(seWidth, channels, 1, bias: true);
        (Height, Width) = (h, w);
    }
}
