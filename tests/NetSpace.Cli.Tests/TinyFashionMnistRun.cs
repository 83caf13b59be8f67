using NetSpace.Serialization;
using NetSpace.Specs;

namespace NetSpace.Tests;

/// <summary>A tiny Fashion-MNIST run trained once by the CLI for the ONNX command tests.</summary>
public sealed class TinyFashionMnistRun : IDisposable
{
    private readonly TempDirectory dir = new();

    public TinyFashionMnistRun()
    {
        var spec = new NetworkSpec
        {
            Name = "tiny-y",
            Stem = new StemSpec { Type = StemType.Small, Width = 8 },
            Stages =
            [
                new StageSpec { Block = BlockType.Y, Depth = 1, Width = 16, Stride = 2, GroupWidth = 8, SeRatio = 0.25 },
                new StageSpec { Block = BlockType.Y, Depth = 2, Width = 32, Stride = 2, GroupWidth = 8, SeRatio = 0.25 },
            ],
        };
        SpecFile = dir.File("tiny.json");
        System.IO.File.WriteAllText(SpecFile, SpecJson.Serialize(spec));
        Run = dir.File("run");
        CliRunner.Run("train", "--spec", SpecFile, "--data", "fashion-mnist", "--subset", "2000", "--epochs", "3", "--batch", "64", "--lr", "0.4", "--threads", "1", "--seed", "3", "--out", Run, "--json")
            .AssertExitCode(0); // progress goes to stderr
    }

    public string Run { get; }

    public string SpecFile { get; }

    public string File(string name) => dir.File(name);

    public void Dispose() => dir.Dispose();
}
