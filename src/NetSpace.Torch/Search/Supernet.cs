using NetSpace.Complexity;
using NetSpace.Torch.Modules;
using NetSpace.Torch.Modules.MultiTask;
using NetSpace.Search;
using NetSpace.Torch.Search;
using NetSpace.Specs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetSpace.Torch.Search;

/// <summary>
/// The weight-sharing supernet of a <see cref="SearchSpace"/>: the stem, for every block decision one
/// MBConv module per non-skip choice (single-path: a forward pass runs only the chosen ones), the fusion
/// neck with every edge, and the heads of the searched tasks (classifier on the low-resolution fusion output,
/// detection and segmentation heads on the high-resolution one). Every module of a derived architecture has
/// the same shapes as its counterpart here.
/// </summary>
public sealed class Supernet : nn.Module, IMixedPrecision
{
    private readonly StemModule stem;
    private readonly ModuleList<ModuleList<nn.Module<Tensor, Tensor>>> blocks;
    private readonly FusionNeck fusion;
    private readonly TorchSharp.Modules.Linear? cls_fc;
    private readonly DetectionHead? detection;
    private readonly SegmentationHead? segmentation;
    private readonly int[][] candidateIndex; // per block decision: choice → module index, −1 for skip
    private readonly int[] levelEnd; // per level: index of the last block of that resolution

    /// <summary>Builds the supernet for <paramref name="tasks"/>.</summary>
    public Supernet(SearchSpace space, IReadOnlyList<VisionTask> tasks)
        : base(nameof(Supernet))
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(tasks);
        Space = space;
        Tasks = tasks;
        var spec = space.Spec;
        stem = new StemModule(spec.Input.Channels, spec.Stem, spec.Activation);
        var lists = new List<ModuleList<nn.Module<Tensor, Tensor>>>();
        var index = new List<int[]>();
        var ends = new List<int>();
        int width = spec.Stem.Width, k = 0;
        var blockDecisions = space.Decisions.Select((d, i) => (d, i)).Where(x => x.d.Kind == DecisionKind.Block).ToArray();
        for (int s = 0; s < spec.Stages.Count; s++)
        {
            var stage = spec.Stages[s];
            if (s > 0 && stage.Stride != 1)
            {
                ends.Add(k - 1);
            }

            for (int b = 0; b < stage.Blocks; b++, k++)
            {
                var (decision, di) = blockDecisions[k];
                var modules = new List<nn.Module<Tensor, Tensor>>();
                var map = new int[decision.Choices.Count];
                for (int c = 0; c < decision.Choices.Count; c++)
                {
                    var choice = space.BlockChoiceOf(di, c);
                    if (choice.Skip)
                    {
                        map[c] = -1;
                        continue;
                    }

                    var geometry = BlockGeometry.For(
                        new StageSpec { Block = BlockType.MBConv, Width = stage.Width, Kernel = choice.Kernel, Expansion = choice.Expansion, SeRatio = choice.SqueezeExcitation ? BlockChoice.SeRatio : 0 },
                        b == 0 ? width : stage.Width,
                        b == 0 ? stage.Stride : 1);
                    map[c] = modules.Count;
                    modules.Add(new MBConvBlock(geometry, spec.Activation));
                }

                lists.Add(nn.ModuleList(modules.ToArray()));
                index.Add(map);
            }

            width = stage.Width;
        }

        ends.Add(k - 1);
        blocks = nn.ModuleList(lists.ToArray());
        candidateIndex = [.. index];
        levelEnd = [.. ends];
        var levelWidths = levelEnd.Select(e => StageOfBlock(spec, e).Width).ToArray();
        bool dense = tasks.Contains(VisionTask.Detection) || tasks.Contains(VisionTask.Segmentation);
        bool cls = tasks.Contains(VisionTask.Classification);
        fusion = new FusionNeck(levelWidths, spec.Heads.NeckWidth, levelWidths.Select(_ => dense).ToArray(), levelWidths.Select(_ => cls).ToArray());
        if (cls)
        {
            cls_fc = nn.Linear(spec.Heads.NeckWidth, spec.Classes, hasBias: true);
        }

        if (tasks.Contains(VisionTask.Detection))
        {
            detection = new DetectionHead(spec.Heads.NeckWidth, spec.Heads.DetectionWidth, spec.Classes);
        }

        if (tasks.Contains(VisionTask.Segmentation))
        {
            segmentation = new SegmentationHead(spec.Heads.NeckWidth, spec.Heads.SegmentationWidth, spec.Classes, spec.Input.Size);
        }

        RegisterComponents();
        var probe = space.Derive(new int[space.Decisions.Count]);
        var levels = MultiTaskComplexity.FeatureLevels(probe);
        OutputStride = MultiTaskComplexity.Measure(probe, probe.DenseHeads!, [VisionTask.Detection]).OutputStride;
        MapSize = levels[0].Size;
    }

    /// <summary>The space.</summary>
    public SearchSpace Space { get; }

    /// <summary>The tasks with heads.</summary>
    public IReadOnlyList<VisionTask> Tasks { get; }

    /// <summary>Stride of the detection map.</summary>
    public int OutputStride { get; }

    /// <summary>Side of the detection map.</summary>
    public int MapSize { get; }

    /// <summary>Builds and initialises (pycls's rules, zero-init of each block's last BN γ, small head outputs), seeded.</summary>
    public static Supernet Build(SearchSpace space, IReadOnlyList<VisionTask> tasks, long seed)
    {
        torch.random.manual_seed(seed);
        var net = new Supernet(space, tasks);
        NetworkBuilder.InitializeWeights(net);
        foreach (var (_, m) in net.named_modules())
        {
            (m as IResidualBlock)?.ZeroInitFinalNorm();
        }

        net.detection?.InitializeOutputs();
        net.segmentation?.InitializeOutputs();
        return net;
    }

    /// <inheritdoc />
    public NetSpace.Training.Precision Precision { get; set; }

    /// <summary>Runs architecture <paramref name="arch"/> once: the chosen blocks, the chosen fusion edges, every head.</summary>
    public MultiTaskOutputs Forward(Tensor input, IReadOnlyList<int> arch)
    {
        ArgumentNullException.ThrowIfNull(input);
        Space.Check(arch);
        using var scope = NewDisposeScope();
        var x = stem.call(MixedPrecision.Input(input, Precision));
        var levels = new List<Tensor>();
        int nextLevel = 0;
        for (int k = 0; k < blocks.Count; k++)
        {
            int module = candidateIndex[k][arch[k]];
            if (module >= 0)
            {
                x = blocks[k][module].call(x);
            }

            if (nextLevel < levelEnd.Length && levelEnd[nextLevel] == k)
            {
                levels.Add(x);
                nextLevel++;
            }
        }

        var fusionSpec = Space.Fusion(arch);
        Tensor? logits = null, det = null, seg = null;
        if (cls_fc is not null)
        {
            var pooled = nn.functional.adaptive_avg_pool2d(fusion.Low(levels, fusionSpec.ToLow), [1, 1]).flatten(1);
            logits = cls_fc.call(MixedPrecision.ToWeightType(pooled, cls_fc.weight));
        }

        if (detection is not null || segmentation is not null)
        {
            var map = fusion.High(levels, fusionSpec.ToHigh);
            det = detection?.call(map);
            seg = segmentation?.call(map);
        }

        return MixedPrecision.Outputs(logits, det, seg);
    }

    private static SearchStageSpec StageOfBlock(SearchSpaceSpec spec, int block)
    {
        foreach (var stage in spec.Stages)
        {
            if (block < stage.Blocks)
            {
                return stage;
            }

            block -= stage.Blocks;
        }

        throw new ArgumentOutOfRangeException(nameof(block));
    }
}
