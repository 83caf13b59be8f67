using System.Text.Json;

namespace NetSpace.Tests;

/// <summary><c>netspace import weights</c> and <c>netspace export weights</c> on the Interop tests' torchvision fixtures.</summary>
public class WeightsCommandTests
{
    private static string Fixture(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "NetSpace.Interop.Tests", "Fixtures", file);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(file);
    }

    [Fact]
    public void ImportChecksLogitsThenExportWritesTorchvisionNames()
    {
        using var temp = new TempDirectory();
        string run = temp.File("run");
        var json = CliRunner.Run(
            "import", "weights", Fixture("tv_regnet_y_small.pth"), "--from", "torchvision", "--spec", Fixture("tv_regnet_y_small.spec.json"),
            "--out", run, "--check", Fixture("tv_regnet_y_small.check.safetensors"), "--json").AssertSuccess().Json();
        Assert.Equal("torchvision", json.GetProperty("from").GetString());
        Assert.Equal(142, json.GetProperty("tensors").GetInt32());
        Assert.True(json.GetProperty("check_relative_delta").GetDouble() <= 1e-4);
        Assert.True(File.Exists(Path.Combine(run, "spec.json")) && File.Exists(Path.Combine(run, "weights")) && File.Exists(Path.Combine(run, "import.json")));

        string output = temp.File("w.safetensors");
        var result = CliRunner.Run("export", "weights", "--run", run, "--to", "timm", "--out", output).AssertSuccess();
        Assert.Contains("142 tensors", result.Out, StringComparison.Ordinal);
        var bytes = File.ReadAllBytes(output);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)BitConverter.ToUInt64(bytes)));
        Assert.True(header.RootElement.TryGetProperty("s1.b1.se.fc1.weight", out _));
    }

    [Fact]
    public void BadInputIsOneErrorLineWithExitCode2AndNoFolder()
    {
        using var temp = new TempDirectory();
        string run = temp.File("run");
        string line = CliRunner.Run("import", "weights", Fixture("tv_regnet_x_small.pth"), "--from", "torchvision", "--arch", "regnet_y_400mf", "--out", run).AssertUsageError();
        Assert.Contains("has shape [16, 3, 3, 3] in the file; torchvision tv-regnet_y_400mf expects [32, 3, 3, 3]", line, StringComparison.Ordinal);
        Assert.Contains("refusing to run pickle code", CliRunner.Run("import", "weights", Fixture("exploit.pth"), "--from", "torchvision", "--arch", "resnet50", "--out", run).AssertUsageError(), StringComparison.Ordinal);
        Assert.Contains("not torchvision or timm", CliRunner.Run("import", "weights", Fixture("exploit.pth"), "--from", "keras", "--arch", "resnet50", "--out", run).AssertUsageError(), StringComparison.Ordinal);
        Assert.Contains("exactly one of --arch", CliRunner.Run("import", "weights", Fixture("exploit.pth"), "--from", "timm", "--out", run).AssertUsageError(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(run));
        Assert.Contains("a .safetensors file (preferred", CliRunner.Run("export", "weights", "--run", temp.Path, "--to", "timm", "--out", temp.File("w.bin")).AssertUsageError(), StringComparison.Ordinal);
        Assert.Contains("no spec.json and weights here", CliRunner.Run("export", "weights", "--run", temp.Path, "--to", "timm", "--out", temp.File("w.safetensors")).AssertUsageError(), StringComparison.Ordinal);
    }
}
