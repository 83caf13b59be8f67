using System.Globalization;
using System.Text.Json;
using NetSpace.Interop.PyTorch;
using NetSpace.Serialization;
using NetSpace.Specs;

namespace NetSpace.Interop.Onnx;

/// <summary>
/// Writes NetSpace networks as ONNX models: the graph is generated from the spec (the layer sizes of
/// <see cref="BlockGeometry"/>), the weights come from the network's state dict in NetSpace's names (plain tensors:
/// no TorchSharp here; the CLI reads them from the modules), BN is folded by default, the batch axis is dynamic, and
/// the metadata carries the spec, the input normalisation and the class names.
/// </summary>
public static class OnnxExporter
{
    /// <summary>Name of the graph input.</summary>
    public const string InputName = "input";

    /// <summary>Graph output of the classification task: B×classes logits.</summary>
    public const string LogitsOutput = "logits";

    /// <summary>Graph output of the detection task: B×(C+4)×h×w (C heat-map logits, offset x/y, width/height in cells).</summary>
    public const string DetectionOutput = "detection";

    /// <summary>Graph output of the segmentation task: B×(C+1)×H×W per-pixel logits at input resolution.</summary>
    public const string SegmentationOutput = "segmentation";

    /// <summary>The classification network of <paramref name="spec"/> with the state dict <paramref name="weights"/> as ONNX model bytes.</summary>
    /// <exception cref="OnnxExportException">The network or an option cannot be represented (names the tensor, module or option).</exception>
    public static byte[] Export(NetworkSpec spec, StateDict weights, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(options);
        Check(spec, options);
        var g = new GraphBuilder();
        var input = Input(g, spec, options, out var inputInfo);
        var emitter = new NetworkGraphEmitter(g, weights, spec.Activation, options.FoldBatchNorm);
        var features = emitter.Backbone(spec, input, string.Empty);
        emitter.ClassifierHead(features[^1], spec.Head, string.Empty, g.Reserve(LogitsOutput));
        emitter.CheckAllUsed();
        var outputs = new[] { new OnnxValueInfo(LogitsOutput, OnnxTensor.Float, [null, spec.Head.Classes], "class logits") };
        return Finish(g, spec, null, [VisionTask.Classification], options, inputInfo, outputs);
    }

    /// <summary>
    /// The multi-task network (backbone <paramref name="spec"/> under <c>backbone.</c>, <paramref name="heads"/> for
    /// <paramref name="tasks"/>) with the state dict <paramref name="weights"/> as ONNX model bytes: one backbone pass,
    /// then one named output per task (<see cref="LogitsOutput"/>, <see cref="DetectionOutput"/>, <see cref="SegmentationOutput"/>).
    /// </summary>
    /// <exception cref="OnnxExportException">The network or an option cannot be represented (names the tensor, module or option).</exception>
    public static byte[] Export(NetworkSpec spec, DenseHeadsSpec heads, IReadOnlyList<VisionTask> tasks, StateDict weights, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(heads);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(options);
        Check(spec, options);
        var g = new GraphBuilder();
        var input = Input(g, spec, options, out var inputInfo);
        var emitter = new NetworkGraphEmitter(g, weights, spec.Activation, options.FoldBatchNorm);
        var features = emitter.Backbone(spec, input, "backbone.");
        var levels = Complexity.MultiTaskComplexity.FeatureLevels(spec);
        var maps = levels.Select(l => features[l.Stage]).ToArray();
        for (int i = 0; i < levels.Count; i++)
        {
            if (maps[i].Height != levels[i].Size || maps[i].Channels != levels[i].Width)
            {
                throw new OnnxExportException($"stages[{levels[i].Stage}]", $"feature level {i} is {maps[i].Channels}×{maps[i].Height} in the graph but {levels[i].Width}×{levels[i].Size} in the complexity model");
            }
        }

        bool cls = tasks.Contains(VisionTask.Classification);
        bool dense = tasks.Contains(VisionTask.Detection) || tasks.Contains(VisionTask.Segmentation);
        var outputs = new List<OnnxValueInfo>();
        FeatureMap? map = null;
        if (heads.Fusion is { } fusion)
        {
            if (cls)
            {
                var low = FusionLow(emitter, maps, fusion.ToLow, heads.NeckWidth);
                emitter.Linear(emitter.GlobalPool(low), "fusion_fc", spec.Head.Classes, g.Reserve(LogitsOutput));
            }

            if (dense)
            {
                map = FusionHigh(emitter, maps, fusion.ToHigh, heads.NeckWidth);
            }
        }
        else
        {
            if (cls)
            {
                emitter.ClassifierHead(features[^1], spec.Head, "backbone.", g.Reserve(LogitsOutput));
            }

            if (dense)
            {
                map = Fpn(emitter, maps, heads.NeckWidth);
            }
        }

        if (cls)
        {
            outputs.Add(new OnnxValueInfo(LogitsOutput, OnnxTensor.Float, [null, spec.Head.Classes], "class logits"));
        }

        if (tasks.Contains(VisionTask.Detection))
        {
            var x = emitter.ConvBn(map!, "detection.conv", "detection.conv_bn", heads.DetectionWidth, 3, 1, 1, act: true, ActivationType.Relu);
            var heat = emitter.ConvBn(x, "detection.heat", null, spec.Head.Classes, 1, 1, 1, act: false);
            var box = emitter.ConvBn(x, "detection.box", null, 4, 1, 1, 1, act: false);
            g.NodeInto("Concat", g.Reserve(DetectionOutput), [heat.Name, box.Name], OnnxAttribute.Of("axis", 1L));
            outputs.Add(new OnnxValueInfo(DetectionOutput, OnnxTensor.Float, [null, spec.Head.Classes + 4, x.Height, x.Width], "CenterNet heat-map logits (C), offset x/y, width/height in cells"));
        }

        if (tasks.Contains(VisionTask.Segmentation))
        {
            var x = emitter.ConvBn(map!, "segmentation.conv", "segmentation.conv_bn", heads.SegmentationWidth, 3, 1, 1, act: true, ActivationType.Relu);
            x = emitter.ConvBn(x, "segmentation.classifier", null, spec.Head.Classes + 1, 1, 1, 1, act: false);
            var up = emitter.Resize(x, spec.Input.Size, spec.Input.Size, linear: true, "segmentation.upsample");
            g.NodeInto("Identity", g.Reserve(SegmentationOutput), [up.Name]);
            outputs.Add(new OnnxValueInfo(SegmentationOutput, OnnxTensor.Float, [null, spec.Head.Classes + 1, spec.Input.Size, spec.Input.Size], "per-pixel logits, background first"));
        }

        emitter.CheckAllUsed();
        return Finish(g, spec, heads, tasks, options, inputInfo, outputs);
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static void Write(byte[] bytes, string path) => AtomicFile.WriteAllBytes(path, bytes);

    private static FeatureMap Fpn(NetworkGraphEmitter e, FeatureMap[] levels, int width)
    {
        var x = e.ConvBn(levels[^1], $"neck.laterals.{levels.Length - 1}", null, width, 1, 1, 1, act: false);
        for (int i = levels.Length - 2; i >= 0; i--)
        {
            var lateral = e.ConvBn(levels[i], $"neck.laterals.{i}", null, width, 1, 1, 1, act: false);
            x = e.Add(lateral, e.Resize(x, lateral.Height, lateral.Width, linear: false, $"neck.up{i}"), $"neck.add{i}");
        }

        return e.ConvBn(x, "neck.smooth", "neck.smooth_bn", width, 3, 1, 1, act: true, ActivationType.Relu);
    }

    private static FeatureMap FusionHigh(NetworkGraphEmitter e, FeatureMap[] levels, IReadOnlyList<bool> toHigh, int width)
    {
        FeatureMap? sum = null;
        int edge = 0;
        for (int j = 0; j < levels.Length; j++)
        {
            if (!toHigh[j])
            {
                continue;
            }

            var x = e.ConvBn(levels[j], $"fusion.to_high.{edge++}", null, width, 1, 1, 1, act: false);
            if (j > 0)
            {
                x = e.Resize(x, levels[0].Height, levels[0].Width, linear: false, $"fusion.up{j}");
            }

            sum = sum is null ? x : e.Add(sum, x, $"fusion.high_add{j}");
        }

        return e.ConvBn(sum!, "fusion.smooth", "fusion.smooth_bn", width, 3, 1, 1, act: true, ActivationType.Relu);
    }

    private static FeatureMap FusionLow(NetworkGraphEmitter e, FeatureMap[] levels, IReadOnlyList<bool> toLow, int width)
    {
        FeatureMap? sum = null;
        int edge = 0;
        var last = levels[^1];
        for (int j = 0; j < levels.Length; j++)
        {
            if (!toLow[j])
            {
                continue;
            }

            var x = j < levels.Length - 1 ? e.AdaptiveAvgPool(levels[j], last.Height, last.Width, $"fusion.pool{j}") : levels[j];
            x = e.ConvBn(x, $"fusion.to_low.{edge++}", null, width, 1, 1, 1, act: false);
            sum = sum is null ? x : e.Add(sum, x, $"fusion.low_add{j}");
        }

        return e.Activation(sum!, ActivationType.Relu);
    }

    private static void Check(NetworkSpec spec, OnnxExportOptions options)
    {
        if (options.Opset is < OnnxExportOptions.MinOpset or > OnnxExportOptions.MaxOpset)
        {
            throw new OnnxExportException("opset", $"{options.Opset} is not supported; NetSpace writes opsets {OnnxExportOptions.MinOpset}–{OnnxExportOptions.MaxOpset}");
        }

        if ((options.Mean is null) != (options.Std is null))
        {
            throw new OnnxExportException("normalization", "mean and std must be given together");
        }

        if (options.Mean is { } mean && (mean.Count != spec.Input.Channels || options.Std!.Count != spec.Input.Channels))
        {
            throw new OnnxExportException("normalization", $"statistics for {mean.Count} channels, the network takes {spec.Input.Channels}");
        }

        if (options.ClassNames is { } names && names.Count != spec.Head.Classes)
        {
            throw new OnnxExportException("class_names", $"{names.Count} names for {spec.Head.Classes} classes");
        }
    }

    private static FeatureMap Input(GraphBuilder g, NetworkSpec spec, OnnxExportOptions options, out OnnxValueInfo info)
    {
        int c = spec.Input.Channels, s = spec.Input.Size;
        string input = g.Reserve(InputName);
        if (!options.WithPreprocessing)
        {
            info = new OnnxValueInfo(input, OnnxTensor.Float, [null, c, s, s], "normalised images, float32 NCHW: (pixel/255 − mean)/std");
            return new FeatureMap(input, c, s, s);
        }

        info = new OnnxValueInfo(input, OnnxTensor.Uint8, [null, s, s, c], "pixels, uint8 NHWC");

        // As the batch loader: x · 1/(255·std) − mean/std per channel, both factors rounded to float32 once.
        var scale = new float[c];
        var shift = new float[c];
        for (int i = 0; i < c; i++)
        {
            double std = options.Std is { } sd && sd[i] > 0 ? sd[i] : 1.0;
            scale[i] = (float)(1.0 / (255.0 * std));
            shift[i] = (float)(-(options.Mean?[i] ?? 0.0) / std);
        }

        string x = g.Node("Cast", "pixels.float", [input], OnnxAttribute.Of("to", (long)OnnxTensor.Float));
        x = g.Node("Transpose", "pixels.nchw", [x], OnnxAttribute.Of("perm", 0, 3, 1, 2));
        x = g.Node("Mul", "pixels.scaled", [x, g.Constant("normalization.scale", scale, 1, c, 1, 1)]);
        x = g.Node("Add", "pixels.normalized", [x, g.Constant("normalization.shift", shift, 1, c, 1, 1)]);
        return new FeatureMap(x, c, s, s);
    }

    private static byte[] Finish(
        GraphBuilder g, NetworkSpec spec, DenseHeadsSpec? heads, IReadOnlyList<VisionTask> tasks, OnnxExportOptions options, OnnxValueInfo input, IReadOnlyList<OnnxValueInfo> outputs)
    {
        var metadata = new List<KeyValuePair<string, string>>
        {
            new(OnnxMetadataKeys.Version, InteropAssembly.Version),
            new(OnnxMetadataKeys.Spec, SpecJson.Serialize(spec, indented: false)),
            new(OnnxMetadataKeys.Tasks, string.Join(",", tasks.Select(t => t.Name()))),
            new(OnnxMetadataKeys.InputFormat, options.WithPreprocessing ? OnnxMetadataKeys.PixelInput : OnnxMetadataKeys.NormalizedInput),
            new(OnnxMetadataKeys.BatchNorm, options.FoldBatchNorm ? "folded" : "unfolded"),
        };
        if (heads is not null)
        {
            metadata.Add(new(OnnxMetadataKeys.Heads, SpecJson.Serialize(heads, indented: false)));
        }

        if (options.Mean is { } mean)
        {
            metadata.Add(new(OnnxMetadataKeys.Mean, JsonArray(mean)));
            metadata.Add(new(OnnxMetadataKeys.Std, JsonArray(options.Std!)));
        }

        if (options.ClassNames is { } names)
        {
            metadata.Add(new(OnnxMetadataKeys.ClassNames, JsonSerializer.Serialize(names)));
        }

        if (options.Source is { } source)
        {
            metadata.Add(new(OnnxMetadataKeys.Source, source));
        }

        string doc = $"{spec.Name ?? "network"} written by NetSpace {InteropAssembly.Version} from its spec; input '{InputName}' {input.Doc}; outputs {string.Join(", ", outputs.Select(o => $"'{o.Name}'"))}";
        var model = new OnnxModel(spec.Name ?? "netspace", options.Opset, g.Nodes, g.Initializers, [input], outputs, metadata, doc);
        return OnnxModelWriter.Serialize(model, InteropAssembly.Version);
    }

    private static string JsonArray(IReadOnlyList<double> values) =>
        "[" + string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]";
}
