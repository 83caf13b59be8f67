namespace NetSpace.Specs;

/// <summary>
/// The concrete layer sizes of one block, derived once from its stage spec with pycls's rules.
/// Both the complexity counter and the TorchSharp builder read these numbers, so the analytic counts
/// and the built module cannot drift apart.
/// </summary>
/// <param name="Block">Block type.</param>
/// <param name="InWidth">Input channels w_in.</param>
/// <param name="OutWidth">Output channels w_out.</param>
/// <param name="Stride">Stride of the spatial conv (and of the projection shortcut).</param>
/// <param name="Kernel">Kernel size of the spatial conv.</param>
/// <param name="InnerWidth">X/Y: w_b = round(w_out·b); MBConv: w_exp = int(w_in·e); basic/vanilla: w_out.</param>
/// <param name="Groups">Groups of the spatial conv (w_b/g for X/Y, w_exp for the depthwise MBConv conv, 1 otherwise).</param>
/// <param name="SeWidth">Squeeze width (0 = no SE): round(w_in·r) for Y, int(w_in·r) for MBConv.</param>
/// <param name="HasProjection">Residual blocks: 1×1 conv (stride s) + BN shortcut when w_in ≠ w_out or s ≠ 1.</param>
/// <param name="HasSkip">The block adds its input (identity or projection) to its output.</param>
/// <param name="HasExpansion">MBConv: a 1×1 expansion conv exists (w_exp ≠ w_in).</param>
public readonly record struct BlockGeometry(
    BlockType Block,
    int InWidth,
    int OutWidth,
    int Stride,
    int Kernel,
    int InnerWidth,
    int Groups,
    int SeWidth,
    bool HasProjection,
    bool HasSkip,
    bool HasExpansion)
{
    /// <summary>Geometry of a block of <paramref name="stage"/> with the given input width and stride.</summary>
    public static BlockGeometry For(StageSpec stage, int inWidth, int stride)
    {
        ArgumentNullException.ThrowIfNull(stage);
        int w = stage.Width;
        bool changes = inWidth != w || stride != 1;
        switch (stage.Block)
        {
            case BlockType.X or BlockType.Y:
            {
                int inner = (int)PyMath.Round(w * stage.Bottleneck);
                int se = stage.Block == BlockType.Y ? (int)PyMath.Round(inWidth * stage.SeRatio) : 0;
                return new(stage.Block, inWidth, w, stride, stage.Kernel, inner, inner / stage.GroupWidth, se, changes, true, false);
            }

            case BlockType.MBConv:
            {
                int inner = (int)PyMath.Int(inWidth * stage.Expansion);
                int se = (int)PyMath.Int(inWidth * stage.SeRatio);
                return new(stage.Block, inWidth, w, stride, stage.Kernel, inner, inner, se, false, !changes, inner != inWidth);
            }

            case BlockType.Basic:
                return new(stage.Block, inWidth, w, stride, stage.Kernel, w, 1, 0, changes, true, false);
            default:
                return new(stage.Block, inWidth, w, stride, stage.Kernel, w, 1, 0, false, false, false);
        }
    }

    /// <summary>Every block of a spec in order, with its stage index and index inside the stage.</summary>
    public static IEnumerable<(int Stage, int Index, BlockGeometry Geometry)> Enumerate(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        int width = spec.Stem.Width;
        for (int s = 0; s < spec.Stages.Count; s++)
        {
            var stage = spec.Stages[s];
            for (int i = 0; i < stage.Depth; i++)
            {
                yield return (s, i, For(stage, width, i == 0 ? stage.Stride : 1));
                width = stage.Width;
            }
        }
    }
}
