using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetSpace.Torch.Modules.MultiTask;

/// <summary>
/// HRNet-like fusion of the feature levels (see <c>FusionSpec</c>): a high-resolution output (sum of the kept
/// levels' 1×1 convs, upsampled to the finest level, then 3×3 conv → BN → ReLU) and a low-resolution output
/// (sum of the kept levels' 1×1 convs after average-pooling them to the coarsest level, then ReLU). Built with
/// every edge; which edges are used is given per forward pass, so one module serves a fixed architecture and
/// the weight-sharing supernet alike.
/// </summary>
public sealed class FusionNeck : nn.Module
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> to_high;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> to_low;
    private readonly nn.Module<Tensor, Tensor>? smooth;
    private readonly nn.Module<Tensor, Tensor>? smooth_bn;
    private readonly int[] highIndex;
    private readonly int[] lowIndex;

    /// <summary>Builds the given edges (all when null) for levels of the given widths (finest first).</summary>
    public FusionNeck(IReadOnlyList<int> inWidths, int width, IReadOnlyList<bool>? highEdges = null, IReadOnlyList<bool>? lowEdges = null)
        : base(nameof(FusionNeck))
    {
        ArgumentNullException.ThrowIfNull(inWidths);
        highIndex = Index(inWidths.Count, highEdges);
        lowIndex = Index(inWidths.Count, lowEdges);
        to_high = nn.ModuleList(inWidths.Where((_, j) => highIndex[j] >= 0).Select(w => (nn.Module<Tensor, Tensor>)Layers.Conv(w, width, 1, bias: true)).ToArray());
        to_low = nn.ModuleList(inWidths.Where((_, j) => lowIndex[j] >= 0).Select(w => (nn.Module<Tensor, Tensor>)Layers.Conv(w, width, 1, bias: true)).ToArray());
        if (highIndex.Any(i => i >= 0))
        {
            smooth = Layers.Conv(width, width, 3);
            smooth_bn = Layers.Norm(width);
        }

        RegisterComponents();
    }

    /// <summary>The high-resolution map from the levels with <paramref name="toHigh"/> set.</summary>
    public Tensor High(IReadOnlyList<Tensor> levels, IReadOnlyList<bool> toHigh)
    {
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(toHigh);
        using var scope = NewDisposeScope();
        long h = levels[0].shape[2], w = levels[0].shape[3];
        Tensor? sum = null;
        for (int j = 0; j < levels.Count; j++)
        {
            if (!toHigh[j])
            {
                continue;
            }

            var x = Edge(to_high, highIndex, j).call(levels[j]);
            if (j > 0)
            {
                x = nn.functional.interpolate(x, size: [h, w], mode: InterpolationMode.Nearest);
            }

            sum = sum is null ? x : sum.add(x, RootedScalars.One);
        }

        return nn.functional.relu(smooth_bn!.call(smooth!.call(sum!))).MoveToOuterDisposeScope();
    }

    /// <summary>The low-resolution map from the levels with <paramref name="toLow"/> set.</summary>
    public Tensor Low(IReadOnlyList<Tensor> levels, IReadOnlyList<bool> toLow)
    {
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(toLow);
        using var scope = NewDisposeScope();
        long h = levels[^1].shape[2], w = levels[^1].shape[3];
        Tensor? sum = null;
        for (int j = 0; j < levels.Count; j++)
        {
            if (!toLow[j])
            {
                continue;
            }

            var x = levels[j];
            if (j < levels.Count - 1)
            {
                x = nn.functional.adaptive_avg_pool2d(x, [h, w]);
            }

            x = Edge(to_low, lowIndex, j).call(x);
            sum = sum is null ? x : sum.add(x, RootedScalars.One);
        }

        return nn.functional.relu(sum!).MoveToOuterDisposeScope();
    }

    private static int[] Index(int levels, IReadOnlyList<bool>? edges)
    {
        var index = new int[levels];
        int next = 0;
        for (int j = 0; j < levels; j++)
        {
            index[j] = edges is null || edges[j] ? next++ : -1;
        }

        return index;
    }

    private static nn.Module<Tensor, Tensor> Edge(ModuleList<nn.Module<Tensor, Tensor>> modules, int[] index, int level) =>
        index[level] >= 0 ? modules[index[level]] : throw new ArgumentException($"the fusion edge from level {level} was not built");
}
