using NetSpace.Interop.PyTorch;
using NetSpace.Specs;

namespace NetSpace.Interop.Onnx;

/// <summary>
/// Emits the ONNX nodes of a NetSpace network from its spec, reading the weights from the network's state dict
/// (NetSpace names, e.g. <c>stages.0.1.b.weight</c>). The layer sizes come from <see cref="BlockGeometry"/> (the
/// numbers the modules were built from) and every weight's shape is checked against them; every tensor of the state
/// dict must be used exactly once, so a tensor the graph does not know is an error, never a silently different graph.
/// A conv whose BN was already folded has a bias and no BN tensors.
/// </summary>
internal sealed class NetworkGraphEmitter
{
    /// <summary>NetSpace's BN epsilon (pycls's 1e-5; the state dict does not carry it).</summary>
    public const double BatchNormEpsilon = 1e-5;

    private readonly GraphBuilder g;
    private readonly StateDict weights;
    private readonly HashSet<string> used = new(StringComparer.Ordinal);
    private readonly bool fold;
    private readonly ActivationType activation;

    public NetworkGraphEmitter(GraphBuilder graph, StateDict weights, ActivationType activation, bool foldBatchNorm)
    {
        g = graph;
        this.weights = weights;
        fold = foldBatchNorm;
        this.activation = activation;
    }

    /// <summary>Throws for the first tensor of the state dict the graph did not read.</summary>
    public void CheckAllUsed()
    {
        foreach (var (name, tensor) in weights.Entries)
        {
            if (!used.Contains(name))
            {
                int dot = name.LastIndexOf('.');
                throw new OnnxExportException(
                    dot > 0 ? name[..dot] : name,
                    $"tensor '{name}' {StoredTensor.FormatShape(tensor.Shape)} is not part of the graph NetSpace writes for this spec (the weights and the spec disagree)");
            }
        }
    }

    /// <summary>Stem and stages; returns every stage's output (finest first).</summary>
    public IReadOnlyList<FeatureMap> Backbone(NetworkSpec spec, FeatureMap input, string prefix)
    {
        (int kernel, int stride) = spec.Stem.Type switch
        {
            StemType.ResNet => (7, 2),
            StemType.Small => (3, 1),
            StemType.Simple => (3, 2),
            _ => throw new OnnxExportException("stem.type", $"'{spec.Stem.Type}' has no ONNX form in this version"),
        };
        var x = ConvBn(input, $"{prefix}stem.conv", $"{prefix}stem.bn", spec.Stem.Width, kernel, stride, 1, act: true);
        if (spec.Stem.Type == StemType.ResNet)
        {
            x = MaxPool(x, 3, 2, 1, $"{prefix}stem.pool");
        }

        var outputs = new FeatureMap[spec.Stages.Count];
        foreach (var (stage, index, geometry) in BlockGeometry.Enumerate(spec))
        {
            string block = $"{prefix}stages.{stage}.{index}";
            x = geometry.Block switch
            {
                BlockType.X or BlockType.Y => Bottleneck(x, geometry, block),
                BlockType.Basic => Basic(x, geometry, block),
                BlockType.Vanilla => Vanilla(x, geometry, block),
                BlockType.MBConv => MBConv(x, geometry, block),
                _ => throw new OnnxExportException($"stages[{stage}].block", $"'{geometry.Block}' has no ONNX form in this version"),
            };
            outputs[stage] = x;
        }

        return outputs;
    }

    /// <summary>The classifier head: [1×1 conv → BN → act] → global average pool → linear.</summary>
    public string ClassifierHead(FeatureMap x, HeadSpec head, string prefix, string output)
    {
        if (head.Width > 0)
        {
            x = ConvBn(x, $"{prefix}head.conv", $"{prefix}head.conv_bn", head.Width, 1, 1, 1, act: true);
        }

        return Linear(GlobalPool(x), $"{prefix}head.fc", head.Classes, output);
    }

    /// <summary>Global average pool and flatten: B×C.</summary>
    public FeatureMap GlobalPool(FeatureMap x)
    {
        string pooled = g.Node("GlobalAveragePool", x.Name + ".pool", [x.Name]);
        return new FeatureMap(g.Node("Flatten", x.Name + ".flat", [pooled], OnnxAttribute.Of("axis", 1L)), x.Channels, 1, 1);
    }

    /// <summary>A linear layer on B×C written into the graph output <paramref name="output"/>.</summary>
    public string Linear(FeatureMap x, string path, int outFeatures, string output)
    {
        var weight = Required(path, "weight", "linear layer", [outFeatures, x.Channels]);
        var bias = Optional($"{path}.bias", [outFeatures]) ?? new float[outFeatures];
        string w = g.Constant($"{path}.weight", weight, outFeatures, x.Channels);
        string b = g.Constant($"{path}.bias", bias, outFeatures);
        g.NodeInto("Gemm", output, [x.Name, w, b], OnnxAttribute.Of("transB", 1L));
        return output;
    }

    /// <summary>k×k conv (padding (k−1)/2, pycls's rule) followed by its BN (folded or as a node) and optionally the activation.</summary>
    public FeatureMap ConvBn(FeatureMap x, string convPath, string? bnPath, int outChannels, int kernel, int stride, int groups, bool act, ActivationType? activationOverride = null)
    {
        if (x.Channels % groups != 0)
        {
            throw new OnnxExportException(convPath, $"{x.Channels} input channels are not divisible into {groups} groups");
        }

        var weight = Required(convPath, "weight", "conv", [outChannels, x.Channels / groups, kernel, kernel]);
        float[]? bias = Optional($"{convPath}.bias", [outChannels]);
        BatchNormTensors? bn = null;
        if (bnPath is not null)
        {
            if (weights.Contains($"{bnPath}.running_mean") || weights.Contains($"{bnPath}.running_var"))
            {
                bn = new BatchNormTensors(
                    Optional($"{bnPath}.weight", [outChannels]) ?? Enumerable.Repeat(1f, outChannels).ToArray(),
                    Optional($"{bnPath}.bias", [outChannels]) ?? new float[outChannels],
                    Required(bnPath, "running_mean", "BN", [outChannels]),
                    Required(bnPath, "running_var", "BN", [outChannels]));
            }
            else if (bias is null)
            {
                throw new OnnxExportException(bnPath, $"BN missing: no '{bnPath}.running_mean', and '{convPath}' has no bias (a folded BN leaves one)");
            }
        }

        if (bn is not null && fold)
        {
            (weight, bias) = Folded(weight, bias, bn, convPath);
            bn = null;
        }

        int pad = (kernel - 1) / 2;
        var inputs = new List<string> { x.Name, g.Constant($"{convPath}.weight", weight, outChannels, x.Channels / groups, kernel, kernel) };
        if (bias is not null)
        {
            inputs.Add(g.Constant($"{convPath}.bias", bias, outChannels));
        }

        string y = g.Node(
            "Conv",
            convPath,
            inputs,
            OnnxAttribute.Of("kernel_shape", kernel, kernel),
            OnnxAttribute.Of("strides", stride, stride),
            OnnxAttribute.Of("pads", pad, pad, pad, pad),
            OnnxAttribute.Of("dilations", 1, 1),
            OnnxAttribute.Of("group", (long)groups));
        if (bn is not null)
        {
            y = g.Node(
                "BatchNormalization",
                bnPath!,
                [y,
                    g.Constant($"{bnPath}.weight", bn.Gamma, outChannels),
                    g.Constant($"{bnPath}.bias", bn.Beta, outChannels),
                    g.Constant($"{bnPath}.running_mean", bn.Mean, outChannels),
                    g.Constant($"{bnPath}.running_var", bn.Variance, outChannels)],
                OnnxAttribute.Of("epsilon", (float)BatchNormEpsilon));
        }

        int h = ((x.Height + (2 * pad) - kernel) / stride) + 1;
        int w = ((x.Width + (2 * pad) - kernel) / stride) + 1;
        if (h < 1 || w < 1)
        {
            throw new OnnxExportException(convPath, $"a {x.Height}×{x.Width} input leaves no output pixels");
        }

        var result = new FeatureMap(y, outChannels, h, w);
        return act ? Activation(result, activationOverride ?? activation) : result;
    }

    /// <summary>ReLU, or SiLU as x·sigmoid(x) (no SiLU operator before opset 24).</summary>
    public FeatureMap Activation(FeatureMap x, ActivationType type)
    {
        return type switch
        {
            ActivationType.Relu => x with { Name = g.Node("Relu", x.Name + ".relu", [x.Name]) },
            ActivationType.Silu => x with { Name = g.Node("Mul", x.Name + ".silu", [x.Name, g.Node("Sigmoid", x.Name + ".sigmoid", [x.Name])]) },
            _ => throw new OnnxExportException("activation", $"'{type}' has no ONNX form in this version"),
        };
    }

    public FeatureMap Add(FeatureMap a, FeatureMap b, string hint)
    {
        if (a.Channels != b.Channels || a.Height != b.Height || a.Width != b.Width)
        {
            throw new OnnxExportException(hint, $"cannot add {a.Channels}×{a.Height}×{a.Width} and {b.Channels}×{b.Height}×{b.Width}");
        }

        return a with { Name = g.Node("Add", hint, [a.Name, b.Name]) };
    }

    public FeatureMap MaxPool(FeatureMap x, int kernel, int stride, int pad, string hint)
    {
        string y = g.Node(
            "MaxPool",
            hint,
            [x.Name],
            OnnxAttribute.Of("kernel_shape", kernel, kernel),
            OnnxAttribute.Of("strides", stride, stride),
            OnnxAttribute.Of("pads", pad, pad, pad, pad));
        return new FeatureMap(y, x.Channels, ((x.Height + (2 * pad) - kernel) / stride) + 1, ((x.Width + (2 * pad) - kernel) / stride) + 1);
    }

    /// <summary>
    /// Resize to a fixed spatial size with a dynamic batch: sizes = [shape(x)[0:2], h, w]. Nearest uses
    /// PyTorch's rule (source = floor(dst · in/out): "asymmetric" + "floor"); linear uses PyTorch's
    /// align_corners=False ("pytorch_half_pixel").
    /// </summary>
    public FeatureMap Resize(FeatureMap x, int height, int width, bool linear, string hint)
    {
        string shape = g.Node("Shape", hint + ".shape", [x.Name]);
        string batchAndChannels = g.Node("Slice", hint + ".nc", [shape, g.Constant(hint + ".start", [0L], 1), g.Constant(hint + ".end", [2L], 1)]);
        string sizes = g.Node("Concat", hint + ".sizes", [batchAndChannels, g.Constant(hint + ".hw", [height, (long)width], 2)], OnnxAttribute.Of("axis", 0L));
        string y = linear
            ? g.Node("Resize", hint, [x.Name, string.Empty, string.Empty, sizes], OnnxAttribute.Of("mode", "linear"), OnnxAttribute.Of("coordinate_transformation_mode", "pytorch_half_pixel"))
            : g.Node("Resize", hint, [x.Name, string.Empty, string.Empty, sizes], OnnxAttribute.Of("mode", "nearest"), OnnxAttribute.Of("coordinate_transformation_mode", "asymmetric"), OnnxAttribute.Of("nearest_mode", "floor"));
        return new FeatureMap(y, x.Channels, height, width);
    }

    /// <summary>
    /// PyTorch's adaptive average pooling to h×w: an AveragePool when the sides divide evenly, else the exact
    /// windows (start floor(i·H/h), end ceil((i+1)·H/h)) as two matrix products with averaging matrices.
    /// </summary>
    public FeatureMap AdaptiveAvgPool(FeatureMap x, int height, int width, string hint)
    {
        if (x.Height == height && x.Width == width)
        {
            return x;
        }

        if (x.Height % height == 0 && x.Width % width == 0)
        {
            int kh = x.Height / height, kw = x.Width / width;
            string pooled = g.Node("AveragePool", hint, [x.Name], OnnxAttribute.Of("kernel_shape", kh, kw), OnnxAttribute.Of("strides", kh, kw));
            return new FeatureMap(pooled, x.Channels, height, width);
        }

        // x (B×C×H×W) · Pwᵀ (W×w) → B×C×H×w; Ph (h×H) · that → B×C×h×w.
        string right = g.Node("MatMul", hint + ".w", [x.Name, g.Constant(hint + ".pool_w", Transpose(PoolMatrix(x.Width, width), width, x.Width), x.Width, width)]);
        string both = g.Node("MatMul", hint, [g.Constant(hint + ".pool_h", PoolMatrix(x.Height, height), height, x.Height), right]);
        return new FeatureMap(both, x.Channels, height, width);
    }

    private static float[] PoolMatrix(int inSize, int outSize)
    {
        var m = new float[outSize * inSize];
        for (int i = 0; i < outSize; i++)
        {
            int start = (int)Math.Floor((double)i * inSize / outSize);
            int end = (int)Math.Ceiling((double)(i + 1) * inSize / outSize);
            for (int j = start; j < end; j++)
            {
                m[(i * inSize) + j] = 1f / (end - start);
            }
        }

        return m;
    }

    private static float[] Transpose(float[] m, int rows, int cols)
    {
        var t = new float[m.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                t[(c * rows) + r] = m[(r * cols) + c];
            }
        }

        return t;
    }

    private FeatureMap Bottleneck(FeatureMap input, BlockGeometry geo, string path)
    {
        var x = ConvBn(input, $"{path}.a", $"{path}.a_bn", geo.InnerWidth, 1, 1, 1, act: true);
        x = ConvBn(x, $"{path}.b", $"{path}.b_bn", geo.InnerWidth, geo.Kernel, geo.Stride, geo.Groups, act: true);
        if (geo.SeWidth > 0)
        {
            x = SqueezeExcitation(x, geo.SeWidth, $"{path}.se");
        }

        x = ConvBn(x, $"{path}.c", $"{path}.c_bn", geo.OutWidth, 1, 1, 1, act: false);
        var shortcut = geo.HasProjection ? ConvBn(input, $"{path}.proj", $"{path}.bn", geo.OutWidth, 1, geo.Stride, 1, act: false) : input;
        return Activation(Add(x, shortcut, path + ".add"), activation);
    }

    private FeatureMap Basic(FeatureMap input, BlockGeometry geo, string path)
    {
        var x = ConvBn(input, $"{path}.a", $"{path}.a_bn", geo.OutWidth, geo.Kernel, geo.Stride, 1, act: true);
        x = ConvBn(x, $"{path}.b", $"{path}.b_bn", geo.OutWidth, geo.Kernel, 1, 1, act: false);
        var shortcut = geo.HasProjection ? ConvBn(input, $"{path}.proj", $"{path}.bn", geo.OutWidth, 1, geo.Stride, 1, act: false) : input;
        return Activation(Add(x, shortcut, path + ".add"), activation);
    }

    private FeatureMap Vanilla(FeatureMap input, BlockGeometry geo, string path)
    {
        var x = ConvBn(input, $"{path}.a", $"{path}.a_bn", geo.OutWidth, geo.Kernel, geo.Stride, 1, act: true);
        return ConvBn(x, $"{path}.b", $"{path}.b_bn", geo.OutWidth, geo.Kernel, 1, 1, act: true);
    }

    private FeatureMap MBConv(FeatureMap input, BlockGeometry geo, string path)
    {
        var x = geo.HasExpansion ? ConvBn(input, $"{path}.exp", $"{path}.exp_bn", geo.InnerWidth, 1, 1, 1, act: true) : input;
        x = ConvBn(x, $"{path}.dwise", $"{path}.dwise_bn", geo.InnerWidth, geo.Kernel, geo.Stride, geo.Groups, act: true);
        if (geo.SeWidth > 0)
        {
            x = SqueezeExcitation(x, geo.SeWidth, $"{path}.se");
        }

        x = ConvBn(x, $"{path}.lin_proj", $"{path}.lin_proj_bn", geo.OutWidth, 1, 1, 1, act: false);
        return geo.HasSkip ? Add(x, input, path + ".add") : x;
    }

    /// <summary>x · sigmoid(conv(act(conv(mean(x))))) with biased 1×1 convs (pycls SE).</summary>
    private FeatureMap SqueezeExcitation(FeatureMap x, int seWidth, string path)
    {
        var pooled = new FeatureMap(g.Node("GlobalAveragePool", path + ".pool", [x.Name]), x.Channels, 1, 1);
        var squeezed = ConvBn(pooled, $"{path}.f_ex.0", null, seWidth, 1, 1, 1, act: true);
        var excited = ConvBn(squeezed, $"{path}.f_ex.2", null, x.Channels, 1, 1, 1, act: false);
        string gate = g.Node("Sigmoid", path + ".gate", [excited.Name]);
        return x with { Name = g.Node("Mul", path, [x.Name, gate]) };
    }

    /// <summary>The tensor <c>path.kind</c> (marked used); a missing one is an error named by the module path.</summary>
    private float[] Required(string path, string kind, string what, long[] expected)
    {
        string name = $"{path}.{kind}";
        return weights.Contains(name)
            ? Read(name, expected)
            : throw new OnnxExportException(path, $"missing tensor '{name}' (the {what}'s {kind}, {StoredTensor.FormatShape(expected)} by the spec)");
    }

    /// <summary>The tensor if the state dict has it (marked used), else null.</summary>
    private float[]? Optional(string name, long[] expected) => weights.Contains(name) ? Read(name, expected) : null;

    private float[] Read(string name, long[] expected)
    {
        var t = weights.Find(name)!;
        if (!used.Add(name))
        {
            throw new OnnxExportException(name, "read twice");
        }

        if (!t.Shape.SequenceEqual(expected))
        {
            throw new OnnxExportException(name, $"shape {StoredTensor.FormatShape(t.Shape)}, the spec gives {StoredTensor.FormatShape(expected)}");
        }

        if (!t.DType.IsFloatingPoint())
        {
            throw new OnnxExportException(name, $"is {t.DType}; a floating-point tensor expected");
        }

        var values = t.ToFloats();
        if (values.Any(v => !float.IsFinite(v)))
        {
            throw new OnnxExportException(name, "holds NaN or infinite values");
        }

        return values;
    }

    /// <summary>
    /// The conv with its BN folded in, computed in float64 and rounded to float32 once (as
    /// <c>BatchNormFolding.FoldInto</c> does on the modules): w·γ/√(σ²+ε) and (b − μ)·γ/√(σ²+ε) + β.
    /// </summary>
    private static (float[] Weight, float[] Bias) Folded(float[] weight, float[]? bias, BatchNormTensors bn, string path)
    {
        int channels = bn.Mean.Length;
        int perChannel = weight.Length / channels;
        var w = new float[weight.Length];
        var b = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            double scale = bn.Gamma[c] / Math.Sqrt(bn.Variance[c] + BatchNormEpsilon);
            double shift = bn.Beta[c] - (bn.Mean[c] * scale);
            b[c] = (float)((bias is null ? 0.0 : bias[c] * scale) + shift);
            for (int i = c * perChannel; i < (c + 1) * perChannel; i++)
            {
                w[i] = (float)(weight[i] * scale);
            }
        }

        if (w.Any(v => !float.IsFinite(v)) || b.Any(v => !float.IsFinite(v)))
        {
            throw new OnnxExportException(path, "folding its BN gives NaN or infinite values (negative running variance?)");
        }

        return (w, b);
    }

    private sealed record BatchNormTensors(float[] Gamma, float[] Beta, float[] Mean, float[] Variance);
}
