using NetSpace.Data;
using NetSpace.Torch.Data;
using NetSpace.Data.MultiTask;
using NetSpace.Torch.Data.MultiTask;
using NetSpace.Torch.Interop;
using NetSpace.Interop.Onnx;
using NetSpace.Torch.Modules;
using NetSpace.Torch.Modules.MultiTask;
using NetSpace.Specs;
using NetSpace.Training;
using NetSpace.Torch.Training;
using NetSpace.Training.MultiTask;
using NetSpace.Torch.Training.MultiTask;

namespace NetSpace.Cli.Commands;

/// <summary>
/// A network to export or run, loaded from a run folder (weights, normalisation and class names of its data),
/// a zoo model or a spec file (with optional weights): a classifier or, for multi-task runs, a multi-task network.
/// </summary>
internal sealed class OnnxNetworkSource : IDisposable
{
    private OnnxNetworkSource(NetworkModule? classifier, MultiTaskNetwork? multiTask, string source)
    {
        Classifier = classifier;
        MultiTask = multiTask;
        Source = source;
    }

    /// <summary>The classification network (null for multi-task runs).</summary>
    public NetworkModule? Classifier { get; }

    /// <summary>The multi-task network (null for classifiers).</summary>
    public MultiTaskNetwork? MultiTask { get; }

    /// <summary>The spec of the backbone.</summary>
    public NetworkSpec Spec => Classifier?.Spec ?? MultiTask!.Spec;

    /// <summary>Where the network came from.</summary>
    public string Source { get; }

    /// <summary>Per-channel mean of pixels/255 the network was trained with (null: not known).</summary>
    public IReadOnlyList<double>? Mean { get; private init; }

    /// <summary>Per-channel standard deviation matching <see cref="Mean"/>.</summary>
    public IReadOnlyList<double>? Std { get; private init; }

    /// <summary>Class names in label order (null: not known).</summary>
    public IReadOnlyList<string>? ClassNames { get; private init; }

    /// <summary>The run's data argument (null for zoo models and spec files).</summary>
    public string? Data { get; private init; }

    /// <summary>Whether the weights are a fresh seeded initialisation (zoo model or spec without --weights).</summary>
    public bool RandomWeights { get; private init; }

    /// <summary>Loads a finished run: its spec (re-targeted to <paramref name="size"/>), weights and its data's normalisation and class names.</summary>
    public static OnnxNetworkSource FromRun(string dir, int? size)
    {
        var folder = new RunFolder(dir);
        if (!File.Exists(folder.SpecFile) || !File.Exists(folder.RecipeFile) || !File.Exists(folder.WeightsFile))
        {
            throw new CliUsageException($"{dir}: no finished run here (spec.json, recipe.json and weights expected)");
        }

        if (MultiTaskTrainRun.IsMultiTaskRun(dir))
        {
            using var run = MultiTaskRun.Load(dir);
            var spec = size is int s ? run.Spec.Retarget(size: s) : run.Spec;
            var model = new MultiTaskNetwork(spec, run.Job.Heads, run.Job.Tasks);
            model.load_state_dict(run.Model.state_dict());
            model.eval();
            int c = spec.Input.Channels;
            string manifest = Path.Combine(NetSpace.Data.DataSource.Parse(run.Job.Data).Directory, MultiTaskStore.ManifestFile);
            var names = File.Exists(manifest) ? RunFolder.ReadJson<MultiTaskManifest>(manifest).ClassNames : null;
            return new OnnxNetworkSource(null, model, folder.Path)
            {
                // MultiTaskRun.Load fills in the statistics of runs written before they were recorded.
                Mean = Enumerable.Repeat(run.Result.PixelMean ?? 0, c).ToArray(),
                Std = Enumerable.Repeat(run.Result.PixelStd ?? 1, c).ToArray(),
                ClassNames = names is { Count: > 0 } && names.Count == spec.Head.Classes ? names : null,
                Data = run.Job.Data,
            };
        }

        var runSpec = folder.ReadSpec();
        var job = RunFolder.ReadJson<TrainingJob>(folder.RecipeFile);

        // The normalisation the run trained and evaluated with: the statistics of its training split.
        var data = TrainingData.Prepare(job);
        var loader = new BatchLoader(data.Train, Trainer.TrainOptions(job.Recipe, data.Train), job.Seed);
        var classifier = new NetworkModule(size is int n ? runSpec.Retarget(size: n) : runSpec);
        try
        {
            classifier.load(folder.WeightsFile);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            classifier.Dispose();
            throw new InvalidDataException($"{folder.WeightsFile}: cannot be loaded into the run's network ({ex.Message})", ex);
        }

        classifier.eval();
        return new OnnxNetworkSource(classifier, null, folder.Path)
        {
            Mean = loader.Normalization.Mean,
            Std = loader.Normalization.Std,
            ClassNames = data.Train.ClassNames,
            Data = job.Data,
        };
    }

    /// <summary>A zoo model or spec file; with <paramref name="weights"/> (a TorchSharp state dict) or seeded initial weights.</summary>
    public static OnnxNetworkSource FromSpec(string nameOrFile, string? weights, int? size)
    {
        var loaded = SpecSource.Load(nameOrFile);
        var spec = size is int s ? loaded.Spec.Retarget(size: s) : loaded.Spec;
        SpecValidator.Validate(spec);
        NetworkModule model;
        if (weights is null)
        {
            model = NetworkBuilder.Build(spec, seed: 0);
        }
        else
        {
            if (!File.Exists(weights))
            {
                throw new FileNotFoundException($"{weights}: weights file not found", weights);
            }

            model = new NetworkModule(spec);
            try
            {
                model.load(weights);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                model.Dispose();
                throw new InvalidDataException($"{weights}: cannot be loaded into {loaded.DisplayName} ({ex.Message})", ex);
            }
        }

        model.eval();
        return new OnnxNetworkSource(model, null, loaded.Path ?? loaded.DisplayName) { RandomWeights = weights is null };
    }

    /// <summary>Exports the network (classifier or multi-task) with the given options plus this source's metadata.</summary>
    public byte[] Export(OnnxExportOptions options)
    {
        var full = options with { Mean = Mean, Std = Std, ClassNames = ClassNames, Source = Source };
        try
        {
            return Classifier is not null ? TorchOnnx.Export(Classifier, full) : TorchOnnx.Export(MultiTask!, full);
        }
        catch (OnnxExportException ex)
        {
            throw new CliUsageException($"cannot export {Source} to ONNX: {ex.Message}");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Classifier?.Dispose();
        MultiTask?.Dispose();
    }
}
