using NetSpace.Complexity;
using NetSpace.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace NetSpace.Torch.Modules.MultiTask;

/// <summary>What one forward pass of a <see cref="MultiTaskNetwork"/> produces (null for tasks it was not built for).</summary>
/// <param name="Logits">B×C class logits.</param>
/// <param name="Detection">B×(C+4)×h×w: C heat-map logits, then offset x/y and width/height in cells.</param>
/// <param name="Segmentation">B×(C+1)×H×W per-pixel logits at input resolution.</param>
public sealed record MultiTaskOutputs(Tensor? Logits, Tensor? Detection, Tensor? Segmentation);

/// <summary>
/// A backbone built from a <see cref="NetworkSpec"/> with the heads of the chosen tasks: the spec's own
/// classifier on the last stage, and on an FPN-style neck over all stages a CenterNet-style detection
/// head and a segmentation head. One backbone pass serves every task.
/// </summary>
public sealed class MultiTaskNetwork : nn.Module, IMixedPrecision
{
    private readonly NetworkModule backbone;
    private readonly FpnNeck? neck;
    private readonly FusionNeck? fusion;
    private readonly TorchSharp.Modules.Linear? fusion_fc;
    private readonly DetectionHead? detection;
    private readonly SegmentationHead? segmentation;
    private readonly int[] levelStages;

    /// <summary>Builds the modules (weights at TorchSharp defaults; see <see cref="Build"/>).</summary>
    public MultiTaskNetwork(NetworkSpec spec, DenseHeadsSpec heads, IReadOnlyList<VisionTask> tasks)
        : base(nameof(MultiTaskNetwork))
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(heads);
        ArgumentNullException.ThrowIfNull(tasks);
        SpecValidator.Validate(spec);
        heads.Validate();
        if (tasks.Count == 0)
        {
            throw new ArgumentException("at least one task is needed", nameof(tasks));
        }

        Spec = spec;
        Heads = heads;
        Tasks = tasks;
        backbone = new NetworkModule(spec, withHead: heads.Fusion is null && tasks.Contains(VisionTask.Classification));
        var levels = MultiTaskComplexity.FeatureLevels(spec);
        levelStages = levels.Select(l => l.Stage).ToArray();
        OutputStride = MultiTaskComplexity.Measure(spec, heads, tasks).OutputStride;
        MapSize = levels[0].Size;
        bool dense = tasks.Contains(VisionTask.Detection) || tasks.Contains(VisionTask.Segmentation);
        bool cls = tasks.Contains(VisionTask.Classification);
        if (heads.Fusion is { } f)
        {
            fusion = new FusionNeck(
                levels.Select(l => l.Width).ToArray(),
                heads.NeckWidth,
                dense ? f.ToHigh : f.ToHigh.Select(_ => false).ToArray(),
                cls ? f.ToLow : f.ToLow.Select(_ => false).ToArray());
            if (cls)
            {
                fusion_fc = nn.Linear(heads.NeckWidth, spec.Head.Classes, hasBias: true);
            }
        }
        else if (dense)
        {
            neck = new FpnNeck(levels.Select(l => l.Width).ToArray(), heads.NeckWidth);
        }

        if (tasks.Contains(VisionTask.Detection))
        {
            detection = new DetectionHead(heads.NeckWidth, heads.DetectionWidth, spec.Head.Classes);
        }

        if (tasks.Contains(VisionTask.Segmentation))
        {
            segmentation = new SegmentationHead(heads.NeckWidth, heads.SegmentationWidth, spec.Head.Classes, spec.Input.Size);
        }

        RegisterComponents();
    }

    /// <inheritdoc />
    public NetSpace.Training.Precision Precision { get; set; }

    /// <summary>The backbone spec (its head is the classification head).</summary>
    public NetworkSpec Spec { get; }

    /// <summary>The dense heads.</summary>
    public DenseHeadsSpec Heads { get; }

    /// <summary>The tasks the network has heads for.</summary>
    public IReadOnlyList<VisionTask> Tasks { get; }

    /// <summary>Stride of the detection map relative to the input.</summary>
    public int OutputStride { get; }

    /// <summary>Side of the detection map.</summary>
    public int MapSize { get; }

    /// <summary>Builds and initialises as pycls does (plus the detection prior), seeded.</summary>
    public static MultiTaskNetwork Build(NetworkSpec spec, DenseHeadsSpec heads, IReadOnlyList<VisionTask> tasks, long seed, bool zeroInitFinalGamma)
    {
        torch.random.manual_seed(seed);
        var model = new MultiTaskNetwork(spec, heads, tasks);
        NetworkBuilder.InitializeWeights(model);
        if (zeroInitFinalGamma)
        {
            foreach (var (_, m) in model.named_modules())
            {
                (m as IResidualBlock)?.ZeroInitFinalNorm();
            }
        }

        model.detection?.InitializeOutputs();
        model.segmentation?.InitializeOutputs();
        return model;
    }

    /// <summary>One backbone pass, then every head.</summary>
    public MultiTaskOutputs Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var features = backbone.ForwardFeatures(MixedPrecision.Input(input, Precision));
        var levels = levelStages.Select(i => features[i]).ToArray();
        bool cls = Tasks.Contains(VisionTask.Classification);
        Tensor? logits = null, det = null, seg = null, map = null;
        if (fusion is not null)
        {
            var f = Heads.Fusion!;
            if (cls)
            {
                var pooled = nn.functional.adaptive_avg_pool2d(fusion.Low(levels, f.ToLow), [1, 1]).flatten(1);
                logits = fusion_fc!.call(MixedPrecision.ToWeightType(pooled, fusion_fc.weight));
            }

            if (detection is not null || segmentation is not null)
            {
                map = fusion.High(levels, f.ToHigh);
            }
        }
        else
        {
            logits = cls ? backbone.Classify(features[^1]) : null;
            map = neck?.call(levels);
        }

        if (map is not null)
        {
            det = detection?.call(map);
            seg = segmentation?.call(map);
        }

        return MixedPrecision.Outputs(logits, det, seg);
    }
}
