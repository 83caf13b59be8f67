namespace NetSpace.Specs;

/// <summary>
/// One stage: <see cref="Depth"/> blocks of one type; the first block has stride <see cref="Stride"/>
/// and takes the previous stage's width, the others stride 1 (pycls <c>AnyStage</c>).
/// </summary>
public sealed record StageSpec
{
    /// <summary>Block type repeated in this stage.</summary>
    public BlockType Block { get; init; } = BlockType.X;

    /// <summary>Number of blocks (d_i).</summary>
    public int Depth { get; init; } = 1;

    /// <summary>Output channels of every block (w_i).</summary>
    public int Width { get; init; }

    /// <summary>Stride of the first block (1 or 2).</summary>
    public int Stride { get; init; } = 2;

    /// <summary>
    /// X/Y blocks: bottleneck ratio b, inner width w_b = round(w·b) (pycls <c>bot_mul</c>).
    /// Must be 1 for other blocks.
    /// </summary>
    public double Bottleneck { get; init; } = 1.0;

    /// <summary>X/Y blocks: channels per group of the 3×3 conv (g_i); groups = w_b / g. 0 for other blocks.</summary>
    public int GroupWidth { get; init; }

    /// <summary>MBConv blocks: expansion ratio e, inner width int(w_in·e). Must be 1 for other blocks.</summary>
    public double Expansion { get; init; } = 1.0;

    /// <summary>Kernel size of the spatial conv (3 for AnyNet blocks; 3 or 5 for MBConv).</summary>
    public int Kernel { get; init; } = 3;

    /// <summary>
    /// Squeeze-and-excitation ratio; 0 = no SE. Y blocks: w_se = round(ratio·w_in) (block input width,
    /// as pycls). MBConv: w_se = int(ratio·w_in).
    /// </summary>
    public double SeRatio { get; init; }
}
