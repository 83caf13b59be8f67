using NetSpace.Bench;
using NetSpace.Torch.Bench;
using NetSpace.Torch.Modules;
using NetSpace.Torch.Modules.MultiTask;
using NetSpace.Search;
using NetSpace.Torch.Search;
using NetSpace.Specs;
using NetSpace.Zoo;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetSpace.Interop.Tests.Onnx;

/// <summary>Small networks of every kind NetSpace builds, with non-trivial BN statistics.</summary>
internal static class OnnxTestModels
{
    public static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "NetSpace.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("repository root not found"), relative);
    }

    public static NetworkSpec Spec(string name) => name switch
    {
        "basic" or "vanilla" => new NetworkSpec
        {
            Name = name,
            Input = new InputSpec { Size = 32, Channels = 3 },
            Stem = new StemSpec { Type = StemType.Small, Width = 16 },
            Stages =
            [
                new StageSpec { Block = name == "basic" ? BlockType.Basic : BlockType.Vanilla, Depth = 2, Width = 16, Stride = 1 },
                new StageSpec { Block = name == "basic" ? BlockType.Basic : BlockType.Vanilla, Depth = 2, Width = 32, Stride = 2 },
            ],
            Head = new HeadSpec { Classes = 10 },
        },
        "x-resnet-stem" => ModelZoo.Get("regnetx-200mf").Retarget(size: 32, classes: 10, stem: StemType.ResNet) with { Name = name },
        "fbnet-mt-64" => Searched(),
        // 64 px: at 32 px EfficientNet's last stages are 1×1 and BN statistics calibrated on 24 random images give
        // logits in the hundreds, where float32 itself is only ~1e-4 accurate (either engine).
        "efficientnet-b0" => ModelZoo.Get(name).Retarget(size: 64, classes: 10),
        _ => ModelZoo.Get(name).Retarget(size: 32, classes: 10),
    };

    /// <summary>A derived architecture of docs/search/fbnet-mt-64.json: seeded choices, fusion edges mixed.</summary>
    public static NetworkSpec Searched(int? size = null)
    {
        var space = SearchSpaceFile.Read(RepoFile("docs/search/fbnet-mt-64.json"));
        var random = new Random(7);
        var arch = space.Decisions.Select(d => random.Next(d.Choices.Count)).ToArray();
        var spec = space.Derive(arch, "fbnet-mt-64-derived");
        return size is int s ? spec with { Input = spec.Input with { Size = s } } : spec;
    }

    /// <summary>Built, BN statistics calibrated on random images, then γ and β randomised; eval mode.</summary>
    public static NetworkModule Classifier(NetworkSpec spec, long seed = 1)
    {
        var model = NetworkBuilder.Build(spec, seed);
        InferenceBenchmark.CalibrateBatchNorm(model, seed + 1, passes: 3, batch: 8);
        RandomizeAffine(model, seed + 2);
        return model;
    }

    /// <summary>A multi-task network with calibrated BN statistics (train-mode forwards), then γ and β randomised.</summary>
    public static MultiTaskNetwork MultiTask(NetworkSpec spec, DenseHeadsSpec heads, IReadOnlyList<VisionTask> tasks, long seed = 1)
    {
        var model = MultiTaskNetwork.Build(spec, heads, tasks, seed, zeroInitFinalGamma: false);
        var norms = model.modules().OfType<BatchNorm2d>().ToArray();
        foreach (var n in norms)
        {
            n.num_batches_tracked ??= torch.tensor(0L);
            n.reset_running_stats();
            n.momentum = null;
        }

        model.train();
        using (torch.no_grad())
        {
            for (int i = 0; i < 3; i++)
            {
                using var scope = torch.NewDisposeScope();
                model.Forward(InferenceBenchmark.RandomImages(spec, 8, seed + 100 + i));
            }
        }

        foreach (var n in norms)
        {
            n.momentum = 0.1;
            n.num_batches_tracked = null;
        }

        RandomizeAffine(model, seed + 2);
        return model;
    }

    private static void RandomizeAffine(nn.Module model, long seed)
    {
        var generator = new Generator((ulong)seed);
        using (torch.no_grad())
        {
            foreach (var bn in model.modules().OfType<BatchNorm2d>())
            {
                long c = bn.num_features;
                bn.weight.copy_((torch.rand(c, generator: generator) * 0.4) + 0.8);
                bn.bias!.copy_(torch.randn(c, generator: generator) * 0.05);
            }
        }

        generator.Dispose();
        model.eval();
    }
}
