using NetSpace.Serialization;
using NetSpace.Specs;
using NetSpace.Zoo;

namespace NetSpace.Tests;

public class SpecJsonTests
{
    [Fact]
    public void EveryZooSpecRoundTrips()
    {
        foreach (var entry in ModelZoo.Entries)
        {
            var spec = entry.Build();
            string json = SpecJson.Serialize(spec);
            var back = SpecJson.DeserializeSpec(json, entry.Name);
            Assert.Equal(spec, back);
            Assert.Equal(json, SpecJson.Serialize(back));
        }
    }

    [Fact]
    public void JsonUsesSnakeCaseAndLowerCaseEnums()
    {
        string json = SpecJson.Serialize(ModelZoo.Get("efficientnet-b0"));
        Assert.Contains("\"group_width\"", json, StringComparison.Ordinal);
        Assert.Contains("\"block\": \"mbconv\"", json, StringComparison.Ordinal);
        Assert.Contains("\"activation\": \"silu\"", json, StringComparison.Ordinal);
        string resnet = SpecJson.Serialize(ModelZoo.Get("resnet-50"));
        Assert.Contains("\"type\": \"resnet\"", resnet, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedJsonNamesSourceAndLine()
    {
        var ex = Assert.Throws<SpecFormatException>(() => SpecJson.DeserializeSpec("{\n  \"stages\": [\n    {\"depth\": \"two\"}\n  ]\n}", "my.json"));
        Assert.StartsWith("my.json: line 3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("$.stages[0].depth", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownFieldIsRejected()
    {
        var ex = Assert.Throws<SpecFormatException>(() => SpecJson.DeserializeSpec("{\"stagez\": []}", "x.json"));
        Assert.Contains("stagez", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidFieldIsNamed()
    {
        string json = """
        {
          "stem": { "type": "small", "width": 16 },
          "stages": [ { "block": "x", "depth": 2, "width": 24, "stride": 2, "group_width": 16 } ]
        }
        """;
        var ex = Assert.Throws<SpecValidationException>(() => SpecJson.DeserializeSpec(json, "bad.json"));
        Assert.Equal("stages[0].group_width", ex.Field);
        Assert.Contains("bad.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultsFillMissingFields()
    {
        string json = """{ "stages": [ { "block": "basic", "depth": 1, "width": 8 } ] }""";
        var spec = SpecJson.DeserializeSpec(json);
        Assert.Equal(224, spec.Input.Size);
        Assert.Equal(StemType.Simple, spec.Stem.Type);
        Assert.Equal(1000, spec.Head.Classes);
    }

    [Fact]
    public void AtomicWriteLeavesNoTemporaryFiles()
    {
        string dir = Directory.CreateTempSubdirectory("netspace-json").FullName;
        try
        {
            string path = Path.Combine(dir, "spec.json");
            AtomicFile.WriteAllText(path, "{}");
            AtomicFile.WriteAllText(path, "{\"a\":1}");
            Assert.Equal("{\"a\":1}", File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
