using NetSpace.Torch.Modules;
using NetSpace.Specs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetSpace.Interop.Onnx;

/// <summary>
/// Emits the ONNX nodes of a NetSpace network from its spec, reading the weights of the TorchSharp modules by
/// their state-dict paths. The layer sizes come from <see cref="BlockGeometry"/> (the numbers the modules were
/// built from) and every weight's shape is checked against them; every conv, BN and linear module must be used
/// exactly once, so a module the graph does not know is an error, never a silently different graph.
/// </summary>
internal sealed class NetworkGraphEmitter
{
    private readonly GraphBuilder g;
    private readonly Dictionary<string, nn.Module> modules;
    private readonly HashSet<string> used = new(StringComparer.Ordinal);
    private readonly bool fold;
    private readonly ActivationType activation;

    public NetworkGraphEmitter(GraphBuilder graph, nn.Module root, ActivationType activation, bool foldBatchNorm)
    {
        g = graph;
        modules = root.named_modules().ToDictionary(m => m.name, m => m.module, StringComparer.Ordinal);
        fold = foldBatchNorm;
        this.activation = activation;
    }

    /// <summary>Throws for any conv, BN or linear module the graph did not read.</summary>
    public void CheckAllUsed()
    {
        foreach (var (name, module) in modules)
        {
            if (module is Convolution or BatchNorm2d or TorchSharp.Modules.Linear && !used.Contains(name))
            {
                throw new OnnxExportException(name, $"{module.GetType().Name} is not part of the graph NetSpace writes for this spec (the module and the spec disagree)");
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
        var linear = Module<TorchSharp.Modules.Linear>(path);
        var weight = Read(linear.weight!, $"{path}.weight", [outFeatures, x.Channels]);
        var bias = linear.bias is null ? new float[outFeatures] : Read(linear.bias, $"{path}.bias", [outFeatures]);
        string w = g.Constant($"{path}.weight", weight, outFeatures, x.Channels);
        string b = g.Constant($"{path}.bias", bias, outFeatures);
        g.NodeInto("Gemm", output, [x.Name, w, b], OnnxAttribute.Of("transB", 1L));
        return output;
    }

    /// <summary>k×k conv (padding (k−1)/2, pycls's rule) followed by its BN (folded or as a node) and optionally the activation.</summary>
    public FeatureMap ConvBn(FeatureMap x, string convPath, string? bnPath, int outChannels, int kernel, int stride, int groups, bool act, ActivationType? activationOverride = null)
    {
        var conv = Module<Convolution>(convPath);
        if (x.Channels % groups != 0)
        {
            throw new OnnxExportException(convPath, $"{x.Channels} input channels are not divisible into {groups} groups");
        }

        var weight = Read(conv.weight!, $"{convPath}.weight", [outChannels, x.Channels / groups, kernel, kernel]);
        float[]? bias = conv.bias is null ? null : Read(conv.bias, $"{convPath}.bias", [outChannels]);
        var norm = bnPath is null ? null : modules.GetValueOrDefault(bnPath);
        if (bnPath is not null)
        {
            used.Add(bnPath);
        }

        BatchNorm2d? bn = norm as BatchNorm2d;
        if (bnPath is not null && bn is null && norm is not Identity)
        {
            throw new OnnxExportException(bnPath, norm is null ? "module missing (expected BatchNorm2d, or Identity once folded)" : $"is a {norm.GetType().Name}; expected BatchNorm2d");
        }

        if (bn is not null)
        {
            CheckShape(bn.running_mean, $"{bnPath}.running_mean", [outChannels]);
        }

        if (bn is not null && fold)
        {
            (weight, bias) = Folded(conv, bn, convPath, x.Channels, outChannels, kernel, groups);
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
                    g.Constant($"{bnPath}.weight", bn.weight is null ? Enumerable.Repeat(1f, outChannels).ToArray() : Read(bn.weight, $"{bnPath}.weight", [outChannels]), outChannels),
                    g.Constant($"{bnPath}.bias", bn.bias is null ? new float[outChannels] : Read(bn.bias, $"{bnPath}.bias", [outChannels]), outChannels),
                    g.Constant($"{bnPath}.running_mean", Read(bn.running_mean!, $"{bnPath}.running_mean", [outChannels]), outChannels),
                    g.Constant($"{bnPath}.running_var", Read(bn.running_var!, $"{bnPath}.running_var", [outChannels]), outChannels)],
                OnnxAttribute.Of("epsilon", (float)bn.eps));
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

    private T Module<T>(string path)
        where T : nn.Module
    {
        if (!modules.TryGetValue(path, out var module))
        {
            throw new OnnxExportException(path, $"module missing (expected {typeof(T).Name})");
        }

        if (module is not T typed)
        {
            throw new OnnxExportException(path, $"is a {module.GetType().Name}; expected {typeof(T).Name}");
        }

        if (!used.Add(path))
        {
            throw new OnnxExportException(path, "read twice");
        }

        return typed;
    }

    private static void CheckShape(Tensor? t, string name, long[] expected)
    {
        if (t is null)
        {
            throw new OnnxExportException(name, "tensor missing");
        }

        if (!t.shape.SequenceEqual(expected))
        {
            throw new OnnxExportException(name, $"shape [{string.Join(", ", t.shape)}], the spec gives [{string.Join(", ", expected)}]");
        }
    }

    private static float[] Read(Tensor t, string name, long[] expected)
    {
        CheckShape(t, name, expected);
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var values = t.detach().to(float32).cpu().contiguous().data<float>().ToArray();
        if (values.Any(v => !float.IsFinite(v)))
        {
            throw new OnnxExportException(name, "holds NaN or infinite values");
        }

        return values;
    }

    /// <summary>The conv with its BN folded in, by <see cref="BatchNormFolding.FoldInto"/> on a copy of the conv.</summary>
    private static (float[] Weight, float[] Bias) Folded(Convolution conv, BatchNorm2d bn, string path, int inChannels, int outChannels, int kernel, int groups)
    {
        using var noGrad = torch.no_grad();
        using var copy = nn.Conv2d(inChannels, outChannels, kernel, groups: groups, bias: conv.bias is not null);
        copy.weight!.copy_(conv.weight!.detach().cpu());
        if (conv.bias is not null)
        {
            copy.bias!.copy_(conv.bias.detach().cpu());
        }

        using var norm = nn.BatchNorm2d(outChannels, eps: bn.eps);
        if (bn.weight is not null)
        {
            norm.weight!.copy_(bn.weight.detach().cpu());
        }

        if (bn.bias is not null)
        {
            norm.bias!.copy_(bn.bias.detach().cpu());
        }

        norm.running_mean!.copy_(bn.running_mean!.detach().cpu());
        norm.running_var!.copy_(bn.running_var!.detach().cpu());
        BatchNormFolding.FoldInto(copy, norm);
        return (Read(copy.weight, path + ".weight", [outChannels, inChannels / groups, kernel, kernel]), Read(copy.bias!, path + ".bias", [outChannels]));
    }
}
