using NetSpace.Specs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetSpace.Torch.Modules;

/// <summary>A network built from a <see cref="NetworkSpec"/>: stem → stages → head.</summary>
public sealed class NetworkModule : nn.Module<Tensor, Tensor>, IMixedPrecision
{
    private readonly StemModule stem;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> stages;
    private readonly ClassifierHead? head;

    /// <summary>Builds the modules (weights are left at TorchSharp's defaults; see <see cref="NetworkBuilder"/>).</summary>
    /// <param name="spec">The network.</param>
    /// <param name="withHead">Build the classifier head (false: a backbone whose stage outputs feed other heads).</param>
    public NetworkModule(NetworkSpec spec, bool withHead = true)
        : base(nameof(NetworkModule))
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        stem = new StemModule(spec.Input.Channels, spec.Stem, spec.Activation);
        var blocks = spec.Stages.Select(_ => new List<nn.Module<Tensor, Tensor>>()).ToArray();
        foreach (var (stage, _, geometry) in BlockGeometry.Enumerate(spec))
        {
            blocks[stage].Add(CreateBlock(geometry, spec.Activation));
        }

        stages = nn.ModuleList(blocks.Select(b => (nn.Module<Tensor, Tensor>)nn.Sequential(b)).ToArray());
        if (withHead)
        {
            head = new ClassifierHead(spec.Stages[^1].Width, spec.Head, spec.Activation);
        }

        RegisterComponents();
    }

    /// <summary>The spec this module was built from.</summary>
    public NetworkSpec Spec { get; }

    /// <inheritdoc />
    public NetSpace.Training.Precision Precision { get; set; }

    /// <summary>Number of trainable parameter elements.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = stem.call(MixedPrecision.Input(input, Precision));
        foreach (var stage in stages)
        {
            x = stage.call(x);
        }

        return Classify(x).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The output of every stage (strides increase stage by stage), for dense-prediction heads; in the compute type
    /// of <see cref="Precision"/> (or of the input, when that is already bfloat16).
    /// </summary>
    public IReadOnlyList<Tensor> ForwardFeatures(Tensor input)
    {
        var features = new List<Tensor>(stages.Count);
        using (var scope = NewDisposeScope())
        {
            var x = stem.call(MixedPrecision.Input(input, Precision));
            foreach (var stage in stages)
            {
                x = stage.call(x);
                features.Add(x);
            }

            foreach (var f in features)
            {
                f.MoveToOuterDisposeScope();
            }
        }

        return features;
    }

    /// <summary>The classifier head applied to the last stage's output (from <see cref="ForwardFeatures"/>).</summary>
    public Tensor Classify(Tensor lastFeatures) =>
        (head ?? throw new InvalidOperationException("this network was built without its classifier head")).call(lastFeatures);

    private static nn.Module<Tensor, Tensor> CreateBlock(BlockGeometry g, ActivationType activation) => g.Block switch
    {
        BlockType.X or BlockType.Y => new BottleneckBlock(g, activation),
        BlockType.Basic => new BasicBlock(g, activation),
        BlockType.Vanilla => new VanillaBlock(g, activation),
        BlockType.MBConv => new MBConvBlock(g, activation),
        _ => throw new ArgumentOutOfRangeException(nameof(g), g.Block, "unknown block type"),
    };
}
