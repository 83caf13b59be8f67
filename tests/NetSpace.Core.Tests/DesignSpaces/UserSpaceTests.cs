using NetSpace.DesignSpaces;
using NetSpace.Serialization;
using NetSpace.Specs;

namespace NetSpace.Tests.DesignSpaces;

public sealed class UserSpaceTests : IDisposable
{
    private const string Valid = """
        {
          "name": "small",
          "template": { "input_size": 28, "channels": 1, "classes": 10, "stem": "small", "stem_width": 16, "stages": 3 },
          "anynet": {
            "depth": [1, 2, { "type": "uniform", "low": 1, "high": 4 }],
            "width": { "type": "log_uniform", "low": 8, "high": 128, "quantum": 8 },
            "bottleneck": { "type": "choice", "values": [1, 0.5] },
            "group_width": { "type": "power2", "low": 1, "high": 16 },
            "shared_bottleneck": true,
            "non_decreasing_widths": true
          },
          "constraints": { "flops": "1M:20M", "params": ":2M" }
        }
        """;

    private readonly string folder = Path.Combine(Path.GetTempPath(), "netspace-space-tests-" + Guid.NewGuid().ToString("N"));

    public UserSpaceTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void AValidFileBecomesASpaceWithItsTemplateSharingMonotonicityAndWindows()
    {
        string path = Write("small.json", Valid);
        var space = Assert.IsType<AnyNetDesignSpace>(DesignSpaceCatalog.Get(path));

        Assert.Equal("small", space.Name);
        Assert.Equal(ComplexityWindow.Parse("1M:20M"), space.Constraints.Flops);
        Assert.Equal(ComplexityWindow.Parse(":2M"), space.Constraints.Params);
        Assert.Equal(["stage 1", "stage 2", "stage 3", "per stage (×3)", "shared", "per stage (×3)"], space.Parameters.Select(p => p.Scope));

        var random = new Random(0);
        for (int i = 0; i < 500; i++)
        {
            if (space.Draw(random) is not { } spec)
            {
                continue;
            }

            SpecValidator.Validate(spec);
            Assert.Equal(new InputSpec { Size = 28, Channels = 1 }, spec.Input);
            Assert.Equal(new StemSpec { Type = StemType.Small, Width = 16 }, spec.Stem);
            Assert.Equal(10, spec.Head.Classes);
            Assert.Equal([1, 2], spec.Stages.Take(2).Select(s => s.Depth));
            Assert.InRange(spec.Stages[2].Depth, 1, 4);
            Assert.Single(spec.Stages.Select(s => s.Bottleneck).Distinct());
            Assert.True(spec.Stages[0].Width <= spec.Stages[1].Width && spec.Stages[1].Width <= spec.Stages[2].Width);
        }

        var result = SpaceSampler.Sample(space, 3, null, seed: 0);
        Assert.All(result.Samples, s => Assert.InRange(s.Complexity.Flops, 1_000_000, 20_000_000));
        Assert.StartsWith("small-", result.Samples[0].Spec.Name, StringComparison.Ordinal);
    }

    [Fact]
    public void NameDefaultsToTheFileName()
    {
        string path = Write("my-space.json", Valid.Replace("\"name\": \"small\",", string.Empty, StringComparison.Ordinal));
        Assert.Equal("my-space", DesignSpaceCatalog.Get(path).Name);
    }

    [Fact]
    public void EveryBuiltInSpaceRoundTripsThroughItsJsonDefinition()
    {
        foreach (var builtIn in DesignSpaceCatalog.BuiltIn)
        {
            string path = Write(builtIn.Name + ".json", builtIn.Definition.ToJson());
            var loaded = DesignSpaceCatalog.Get(path);

            Assert.Equal(builtIn.GetType(), loaded.GetType());
            Assert.Equal(builtIn.Name, loaded.Name);
            Assert.Equal(builtIn.Definition.ToJson(), loaded.Definition.ToJson());
            Assert.Equal(
                SpaceSampler.Sample(builtIn, 3, null, seed: 5).Samples.Select(s => s.Spec),
                SpaceSampler.Sample(loaded, 3, null, seed: 5).Samples.Select(s => s.Spec));
        }
    }

    [Fact]
    public void RegNetFormFollowsTheTemplate()
    {
        string path = Write("r.json", """
            {
              "template": { "input_size": 32, "channels": 3, "classes": 100, "stem": "small", "stem_width": 24, "stages": 3 },
              "regnet": {
                "depth": { "type": "uniform", "low": 6, "high": 16 },
                "w0": { "type": "log_uniform", "low": 8, "high": 64, "quantum": 8 },
                "wa": { "type": "log_uniform", "low": 8, "high": 64, "quantum": 0.1 },
                "wm": { "type": "log_uniform", "low": 2, "high": 3, "quantum": 0.001 },
                "group_width": { "type": "power2_or_log", "low": 1, "high": 32, "quantum": 8 },
                "se_ratio": 0.25
              }
            }
            """);
        var space = Assert.IsType<RegNetDesignSpace>(DesignSpaceCatalog.Get(path));
        var result = SpaceSampler.Sample(space, 20, null, seed: 3);

        Assert.All(result.Samples, s =>
        {
            Assert.Equal(3, s.Spec.Stages.Count);
            Assert.Equal(new InputSpec { Size = 32, Channels = 3 }, s.Spec.Input);
            Assert.Equal(new StemSpec { Type = StemType.Small, Width = 24 }, s.Spec.Stem);
            Assert.Equal(100, s.Spec.Head.Classes);
            Assert.All(s.Spec.Stages, st => Assert.Equal(BlockType.Y, st.Block));
            Assert.Equal(0.25, s.Spec.RegNet!.SeRatio);
        });
        Assert.Contains(result.Samples, s => s.Spec.RegNet!.GroupWidth < 8);
    }

    [Fact]
    public void TheExampleFilesInDocsLoadAndSample()
    {
        string docs = Path.Combine(RepositoryRoot(), "docs", "spaces");
        var files = Directory.GetFiles(docs, "*.json");
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            var space = DesignSpaceCatalog.Get(file);
            Assert.False(string.IsNullOrEmpty(space.Description));
            var result = SpaceSampler.Sample(space, 5, null, seed: 0);
            Assert.All(result.Samples, s => Assert.Equal(28, s.Spec.Input.Size));
        }
    }

    [Theory]
    [InlineData("""{ "template": { "stages": 3 }, "anynet": { "depth": 1, "width": 8, "group_width": 8 }, }x""", "line 1", "")]
    [InlineData("{\n  \"template\": {\n    \"stem_widht\": 16\n  }\n}", "line 3 at $.template.stem_widht", "unknown field 'stem_widht'")]
    [InlineData("{\n  \"template\": { \"stem\": \"huge\" }\n}", "line 2 at $.template.stem", "expected one of simple, resnet, small")]
    [InlineData("{\n  \"template\": { \"stages\": \"4\" }\n}", "line 2 at $.template.stages", "expected a whole number")]
    [InlineData("{\n  \"anynet\": {\n    \"depth\": 1,\n    \"width\": { \"type\": \"normal\", \"low\": 8, \"high\": 16 },\n    \"group_width\": 8\n  }\n}", "line 4", "unknown distribution type 'normal'")]
    [InlineData("{\n  \"anynet\": {\n    \"depth\": 1,\n    \"width\": { \"type\": \"log_uniform\", \"low\": 16, \"high\": 8, \"quantum\": 8 },\n    \"group_width\": 8\n  }\n}", "line 4", "low must be ≤ high")]
    [InlineData("{\n  \"anynet\": {\n    \"width\": 8,\n    \"group_width\": 8\n  }\n}", "line 2 at $.anynet.depth", "missing")]
    [InlineData("{\n  \"anynet\": {\n    \"depth\": [1, 2],\n    \"width\": 8,\n    \"group_width\": 8\n  }\n}", "line 3 at $.anynet.depth", "has 2 distributions; give one for all stages or one per stage (4)")]
    [InlineData("{\n  \"anynet\": {\n    \"depth\": { \"type\": \"log_uniform\", \"low\": 1, \"high\": 16, \"quantum\": 0.5 },\n    \"width\": 8,\n    \"group_width\": 8\n  }\n}", "line 3 at $.anynet.depth", "whole numbers")]
    [InlineData("{\n  \"anynet\": {\n    \"depth\": 1,\n    \"width\": 8,\n    \"group_width\": [1, 2, 4, 8],\n    \"shared_group_width\": true\n  }\n}", "line 5 at $.anynet.group_width", "shared_group_width draws one value")]
    [InlineData("{\n  \"anynet\": {\n    \"depth\": 1,\n    \"width\": 8,\n    \"bottleneck\": { \"type\": \"choice\", \"values\": [0.5, 1.5] },\n    \"group_width\": 8\n  }\n}", "line 5 at $.anynet.bottleneck", "above 1 must be whole")]
    [InlineData("{\n  \"template\": { \"block\": \"y\" },\n  \"anynet\": { \"depth\": 1, \"width\": 8, \"group_width\": 8 }\n}", "line 2 at $.template.se_ratio", "y blocks need se_ratio")]
    [InlineData("{\n  \"template\": { \"block\": \"mbconv\" },\n  \"anynet\": { \"depth\": 1, \"width\": 8, \"group_width\": 8 }\n}", "line 2 at $.template.block", "x or y blocks")]
    [InlineData("{\n  \"template\": { \"stages\": 0 },\n  \"anynet\": { \"depth\": 1, \"width\": 8, \"group_width\": 8 }\n}", "line 2 at $.template.stages", "must be in 1..16")]
    [InlineData("{\n  \"anynet\": { \"depth\": 1, \"width\": 8, \"group_width\": 8 },\n  \"constraints\": {\n    \"flops\": \"8M:x\"\n  }\n}", "line 4 at $.constraints.flops", "'x' is not an amount")]
    [InlineData("{\n  \"template\": {}\n}", "$: a space needs exactly one of 'anynet'", "")]
    [InlineData("{\n  \"regnet\": {\n    \"depth\": 20,\n    \"w0\": { \"type\": \"log_uniform\", \"low\": 8, \"high\": 256, \"quantum\": 4 },\n    \"wa\": 20, \"wm\": 2.5, \"group_width\": 8\n  }\n}", "line 4 at $.regnet.w0", "multiples of 8")]
    [InlineData("{\n  \"regnet\": {\n    \"depth\": 20, \"w0\": 24, \"wa\": 20,\n    \"wm\": { \"type\": \"uniform\", \"low\": 1, \"high\": 3, \"quantum\": 0.5 },\n    \"group_width\": 8\n  }\n}", "line 4 at $.regnet.wm", "values must be > 1")]
    [InlineData("{\n  \"template\": { \"block\": \"y\", \"se_ratio\": 0.25 },\n  \"regnet\": { \"depth\": 20, \"w0\": 24, \"wa\": 20, \"wm\": 2.5, \"group_width\": 8 }\n}", "line 2 at $.template.block", "regnet.se_ratio")]
    [InlineData("{\n  \"anynet\": { \"depth\": 1, \"width\": 8, \"group_width\": 8 },\n  \"extra\": true\n}", "line 3 at $.extra", "unknown field 'extra'")]
    [InlineData("null", "found null", "")]
    public void MalformedFilesGiveOneErrorNamingFileLineAndField(string json, string where, string what)
    {
        string path = Write("bad.json", json);
        var ex = Assert.Throws<SpecFormatException>(() => DesignSpaceCatalog.Get(path));

        Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(where, ex.Message, StringComparison.Ordinal);
        Assert.Contains(what, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("NetSpace.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void UnknownNamesAndMissingFiles()
    {
        var unknown = Assert.Throws<UnknownDesignSpaceException>(() => DesignSpaceCatalog.Get("anynetx-f"));
        Assert.Contains("unknown design space 'anynetx-f'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("anynetx-a", unknown.Suggestions);

        var missing = Assert.Throws<SpecFormatException>(() => DesignSpaceCatalog.Get(Path.Combine(folder, "nope.json")));
        Assert.EndsWith("nope.json: file not found", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProgrammaticDefinitionsAreCheckedToo()
    {
        var ex = Assert.Throws<SpecFormatException>(() => DesignSpace.Create(new DesignSpaceDefinition { Name = "x", AnyNet = new AnyNetDistributions() }, "mine"));
        Assert.Equal("mine: $.anynet.depth: missing: give one distribution for all stages or an array with one per stage", ex.Message);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NetSpace.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
