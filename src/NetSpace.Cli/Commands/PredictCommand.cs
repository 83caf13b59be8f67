using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NetSpace.Cli.Output;
using NetSpace.Data;
using NetSpace.Torch.Data;
using NetSpace.Interop.Onnx;
using NetSpace.Serialization;
using NetSpace.Specs;
using Spectre.Console;
using TorchSharp;

namespace NetSpace.Cli.Commands;

/// <summary>
/// <c>netspace predict</c>: classes and probabilities of images (files or a data set's test split) from a trained
/// run (TorchSharp or ONNX Runtime) or an exported .onnx file (ONNX Runtime).
/// </summary>
internal static class PredictCommand
{
    private const int BatchSize = 64;

    /// <summary>The <c>predict</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var run = new Option<string?>("--run") { Description = "Run folder written by 'netspace train --out DIR'", HelpName = "DIR" };
        var onnx = new Option<string?>("--onnx") { Description = "Model written by 'netspace export onnx'", HelpName = "FILE" };
        var images = new Option<string?>("--images") { Description = "An image file or a folder of images (png, jpg, bmp, gif, webp; searched recursively)", HelpName = "PATH" };
        var data = new Option<string?>("--data") { Description = "The test split of a data set (e.g. fashion-mnist), with its true labels", HelpName = "SOURCE" };
        var engine = new Option<string?>("--engine") { Description = "torch or onnxruntime (default: torch for --run, onnxruntime for --onnx)", HelpName = "ENGINE" };
        engine.AcceptOnlyFromAmong("torch", "onnxruntime");
        var top = OptionFactory.OptionalInt("--top", "K", "Classes shown per image (default 5)", min: 1);
        var limit = OptionFactory.OptionalInt("--limit", "N", "Images taken from --data (default 20; the first N of the test split)", min: 1);
        var threads = OptionFactory.OptionalInt("--threads", "T", "Intra-op threads of the engine (default: the engine's choice)", min: 1);
        var json = OptionFactory.Json("one object per image: top classes with probabilities, and the logits");
        var command = new Command("predict", "Classify images with a trained run or an exported ONNX model")
        {
            run, onnx, images, data, engine, top, limit, threads, json,
        };
        command.SetAction(parse =>
        {
            string? runDir = parse.GetValue(run), onnxFile = parse.GetValue(onnx);
            if ((runDir is null) == (onnxFile is null))
            {
                throw new CliUsageException("give exactly one of --run DIR or --onnx FILE");
            }

            string? imagePath = parse.GetValue(images), dataSource = parse.GetValue(data);
            if ((imagePath is null) == (dataSource is null))
            {
                throw new CliUsageException("give exactly one of --images PATH or --data SOURCE");
            }

            string engineName = parse.GetValue(engine) ?? (runDir is not null ? "torch" : "onnxruntime");
            if (onnxFile is not null && engineName == "torch")
            {
                throw new CliUsageException("--engine torch needs --run DIR (an .onnx file runs in ONNX Runtime)");
            }

            int? threadCount = parse.GetValue(threads);
            using var predictor = runDir is not null
                ? Predictor.FromRun(runDir, engineName == "onnxruntime", threadCount)
                : Predictor.FromOnnx(onnxFile!, threadCount);
            var inputs = imagePath is not null ? ImageInputs(imagePath, predictor) : DataInputs(dataSource!, predictor, parse.GetValue(limit) ?? 20);
            var logits = predictor.Logits(inputs.Select(i => i.Pixels).ToArray());
            int k = Math.Min(parse.GetValue(top) ?? 5, predictor.Classes);
            Write(context, parse.GetValue(json), predictor, engineName, inputs, logits, k);
            return CliApp.Success;
        });
        return command;
    }

    private static void Write(CliContext context, bool asJson, Predictor predictor, string engineName, IReadOnlyList<PredictInput> inputs, float[][] logits, int k)
    {
        string Name(int c) => predictor.ClassNames is { } names ? names[c] : c.ToString(CultureInfo.InvariantCulture);
        var rows = inputs.Select((input, i) =>
        {
            var p = Softmax(logits[i]);
            var best = Enumerable.Range(0, p.Length).OrderByDescending(c => p[c]).ThenBy(c => c).Take(k).ToArray();
            return (input, p, best, logits: logits[i]);
        }).ToArray();
        int labelled = inputs.Count(i => i.Label is not null);
        int correct = rows.Count(r => r.input.Label is int l && r.best[0] == l);
        if (asJson)
        {
            var array = new JsonArray();
            foreach (var r in rows)
            {
                array.Add(new JsonObject
                {
                    ["image"] = r.input.Name,
                    ["label"] = r.input.Label,
                    ["top"] = new JsonArray(r.best.Select(c => (JsonNode)new JsonObject { ["class"] = c, ["name"] = Name(c), ["probability"] = r.p[c] }).ToArray()),
                    ["logits"] = new JsonArray(r.logits.Select(v => (JsonNode)v).ToArray()),
                });
            }

            JsonReport.Write(context.Out, new JsonObject
            {
                ["source"] = predictor.Source,
                ["engine"] = engineName,
                ["images"] = inputs.Count,
                ["top1_accuracy"] = labelled > 0 ? (double)correct / labelled : null,
                ["predictions"] = array,
            });
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("[bold]image[/]");
        if (labelled > 0)
        {
            table.AddColumn("[bold]label[/]");
        }

        table.AddColumn($"[bold]top {k} (probability)[/]");
        foreach (var r in rows)
        {
            var cells = new List<string> { Markup.Escape(r.input.Name) };
            if (labelled > 0)
            {
                cells.Add(r.input.Label is int l ? Markup.Escape(Name(l)) : string.Empty);
            }

            cells.Add(Markup.Escape(string.Join(", ", r.best.Select(c => string.Create(CultureInfo.InvariantCulture, $"{Name(c)} {r.p[c]:0.000}")))));
            table.AddRow(cells.ToArray());
        }

        context.Console.Write(table);
        string summary = $"{predictor.Source} on {engineName}, {inputs.Count} image{(inputs.Count == 1 ? string.Empty : "s")}";
        if (labelled > 0)
        {
            summary += string.Create(CultureInfo.InvariantCulture, $"; top-1 {correct}/{labelled} = {(double)correct / labelled:P1}");
        }

        context.Console.WriteLine(summary);
    }

    private static double[] Softmax(float[] logits)
    {
        double max = logits.Max();
        var e = logits.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    /// <summary>The first <paramref name="limit"/> test images of a data set, center-cropped to the network's size as evaluation does.</summary>
    private static List<PredictInput> DataInputs(string source, Predictor predictor, int limit)
    {
        var test = DatasetCatalog.Load(source).Test;
        if (test.Channels != predictor.Channels || test.Height < predictor.Size || test.Width < predictor.Size)
        {
            throw new CliUsageException($"{source}: {test.Height}×{test.Width} px × {test.Channels} channels; the network takes {predictor.Size} px × {predictor.Channels} channels");
        }

        var pixels = test.Pixels.Span;
        var labels = test.Labels.Span;
        int n = Math.Min(limit, test.Count);
        var inputs = new List<PredictInput>(n);
        for (int i = 0; i < n; i++)
        {
            var chw = pixels.Slice(i * test.SampleSize, test.SampleSize).ToArray();
            inputs.Add(new PredictInput($"{source}#{i}", CenterCrop(chw, test.Channels, test.Height, test.Width, predictor.Size), labels[i]));
        }

        return inputs;
    }

    /// <summary>Image files decoded as the image-folder reader stores them (shorter side resized, centre square), then cropped like evaluation.</summary>
    private static List<PredictInput> ImageInputs(string path, Predictor predictor)
    {
        string[] files;
        if (File.Exists(path))
        {
            files = [path];
        }
        else if (Directory.Exists(path))
        {
            files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => ImageFolderReader.Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase) && !Path.GetFileName(f).StartsWith('.'))
                .Order(StringComparer.Ordinal)
                .ToArray();
            if (files.Length == 0)
            {
                throw new CliUsageException($"{path}: no images found ({string.Join(", ", ImageFolderReader.Extensions)})");
            }
        }
        else
        {
            throw new FileNotFoundException($"{path}: no such file or folder", path);
        }

        int storage = Math.Max(predictor.Size, predictor.StorageSize);
        return files.Select(f =>
        {
            var rgb = ImageFolderReader.Decode(f, storage);
            var cropped = CenterCrop(rgb, 3, storage, storage, predictor.Size);
            return new PredictInput(Path.GetRelativePath(File.Exists(path) ? Path.GetDirectoryName(Path.GetFullPath(path))! : path, f), predictor.Channels == 1 ? Gray(cropped) : cropped, null);
        }).ToList();
    }

    /// <summary>ITU-R BT.601 luma, for grayscale networks given colour files.</summary>
    private static byte[] Gray(byte[] rgb)
    {
        int plane = rgb.Length / 3;
        var gray = new byte[plane];
        for (int i = 0; i < plane; i++)
        {
            gray[i] = (byte)Math.Round((0.299 * rgb[i]) + (0.587 * rgb[plane + i]) + (0.114 * rgb[(2 * plane) + i]));
        }

        return gray;
    }

    private static byte[] CenterCrop(byte[] chw, int channels, int height, int width, int size)
    {
        if (height == size && width == size)
        {
            return chw;
        }

        int top = (height - size) / 2, left = (width - size) / 2;
        var crop = new byte[channels * size * size];
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < size; y++)
            {
                Array.Copy(chw, (c * height * width) + ((top + y) * width) + left, crop, (c * size * size) + (y * size), size);
            }
        }

        return crop;
    }

    private sealed record PredictInput(string Name, byte[] Pixels, int? Label);

    /// <summary>One engine behind one interface: CHW uint8 images in, logits out.</summary>
    private sealed class Predictor : IDisposable
    {
        private OnnxNetworkSource? network;
        private OnnxRuntimeEngine? engine;
        private float[] scale = [];
        private float[] shift = [];

        public string Source { get; private init; } = string.Empty;

        public int Channels { get; private init; }

        public int Size { get; private init; }

        public int Classes { get; private init; }

        public int StorageSize { get; private init; }

        public IReadOnlyList<string>? ClassNames { get; private init; }

        public static Predictor FromRun(string dir, bool onnxRuntime, int? threads)
        {
            var source = OnnxNetworkSource.FromRun(dir, null);
            if (source.MultiTask is { } mt && !mt.Tasks.Contains(VisionTask.Classification))
            {
                source.Dispose();
                throw new CliUsageException($"{dir}: the run has no classification head ({string.Join(",", mt.Tasks.Select(t => t.Name()))})");
            }

            var spec = source.Spec;
            var predictor = new Predictor
            {
                network = onnxRuntime ? null : source,
                Source = source.Source,
                Channels = spec.Input.Channels,
                Size = spec.Input.Size,
                Classes = spec.Head.Classes,
                StorageSize = source.Data is { } d && DataSource.Parse(d) is { Kind: DataSourceKind.ImageFolder } ds ? ds.StorageSize : spec.Input.Size,
                ClassNames = source.ClassNames,
            };
            predictor.SetNormalization(source.Mean, source.Std);
            if (onnxRuntime)
            {
                predictor.engine = new OnnxRuntimeEngine(source.Export(new OnnxExportOptions()), threads ?? 0);
                source.Dispose();
            }
            else if (threads is int t)
            {
                torch.set_num_threads(t);
            }

            return predictor;
        }

        public static Predictor FromOnnx(string file, int? threads)
        {
            var engine = new OnnxRuntimeEngine(file, threads ?? 0);
            try
            {
                if (!engine.OutputNames.Contains(OnnxExporter.LogitsOutput))
                {
                    throw new CliUsageException($"{file}: no '{OnnxExporter.LogitsOutput}' output (outputs: {string.Join(", ", engine.OutputNames)}); predict needs a classifier");
                }

                NetworkSpec? spec = engine.Metadata.TryGetValue(OnnxMetadataKeys.Spec, out var json) ? SpecJson.DeserializeSpec(json, file) : null;
                var shape = engine.InputShape;
                int channels = spec?.Input.Channels ?? (engine.InputIsPixels ? shape[3] : shape[1]);
                int size = spec?.Input.Size ?? shape[2];
                if (channels <= 0 || size <= 0)
                {
                    throw new CliUsageException($"{file}: the input shape [{string.Join(", ", shape)}] does not fix the image size");
                }

                var predictor = new Predictor
                {
                    engine = engine,
                    Source = file,
                    Channels = channels,
                    Size = size,
                    Classes = spec?.Head.Classes ?? 0,
                    StorageSize = size,
                    ClassNames = engine.ClassNames,
                };
                var norm = engine.Normalization;
                predictor.SetNormalization(norm?.Mean, norm?.Std);
                return predictor;
            }
            catch
            {
                engine.Dispose();
                throw;
            }
        }

        /// <summary>Logits of every image (CHW bytes), in batches.</summary>
        public float[][] Logits(IReadOnlyList<byte[]> images)
        {
            var result = new List<float[]>(images.Count);
            for (int start = 0; start < images.Count; start += BatchSize)
            {
                int n = Math.Min(BatchSize, images.Count - start);
                var batch = images.Skip(start).Take(n).ToArray();
                var flat = BatchLogits(batch, out int classes);
                for (int i = 0; i < n; i++)
                {
                    result.Add(flat.AsSpan(i * classes, classes).ToArray());
                }
            }

            return result.ToArray();
        }

        private float[] BatchLogits(byte[][] batch, out int classes)
        {
            int n = batch.Length, c = Channels, s = Size;
            if (engine is { InputIsPixels: true })
            {
                var nhwc = new byte[n * s * s * c];
                for (int i = 0; i < n; i++)
                {
                    for (int ch = 0; ch < c; ch++)
                    {
                        for (int p = 0; p < s * s; p++)
                        {
                            nhwc[(((i * s * s) + p) * c) + ch] = batch[i][(ch * s * s) + p];
                        }
                    }
                }

                var output = engine.RunPixels(nhwc, [n, s, s, c]).Single(o => o.Name == OnnxExporter.LogitsOutput);
                classes = (int)output.Shape[1];
                return output.Data;
            }

            // Normalised as the batch loader does: x · 1/(255·std) − mean/std, in float32.
            var x = new float[n * c * s * s];
            for (int i = 0; i < n; i++)
            {
                for (int ch = 0; ch < c; ch++)
                {
                    for (int p = 0; p < s * s; p++)
                    {
                        int at = (ch * s * s) + p;
                        x[(i * c * s * s) + at] = (batch[i][at] * scale[ch]) + shift[ch];
                    }
                }
            }

            if (engine is not null)
            {
                var output = engine.Run(x, [n, c, s, s]).Single(o => o.Name == OnnxExporter.LogitsOutput);
                classes = (int)output.Shape[1];
                return output.Data;
            }

            using var scope = torch.NewDisposeScope();
            using var mode = torch.inference_mode();
            var input = torch.tensor(x, [n, c, s, s]);
            var logits = network!.Classifier is { } classifier ? classifier.call(input) : network.MultiTask!.Forward(input).Logits!;
            classes = (int)logits.shape[1];
            return logits.contiguous().data<float>().ToArray();
        }

        private void SetNormalization(IReadOnlyList<double>? mean, IReadOnlyList<double>? std)
        {
            scale = new float[Channels];
            shift = new float[Channels];
            for (int ch = 0; ch < Channels; ch++)
            {
                double sd = std is not null && std[ch] > 0 ? std[ch] : 1.0;
                scale[ch] = (float)(1.0 / (255.0 * sd));
                shift[ch] = (float)(-(mean?[ch] ?? 0.0) / sd);
            }
        }

        public void Dispose()
        {
            network?.Dispose();
            engine?.Dispose();
        }
    }
}
