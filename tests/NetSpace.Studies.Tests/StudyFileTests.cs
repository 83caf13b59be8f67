using NetSpace.Serialization;
using NetSpace.Studies;

namespace NetSpace.Tests;

/// <summary>Study files: errors name the file and the field and say what was expected.</summary>
public sealed class StudyFileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("netspace-studyfile-tests-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string json)
    {
        string path = Path.Combine(dir, "x.study.json");
        File.WriteAllText(path, json);
        return path;
    }

    private string Valid(Func<string, string>? edit = null)
    {
        string json = SpecJson.Serialize(StudyRunnerTests.Study());
        return Write(edit is null ? json : edit(json));
    }

    [Fact]
    public void AValidFileLoadsAndRoundTrips()
    {
        var study = StudyFiles.Load(Valid());
        Assert.Equal("t", study.Name);
        Assert.Equal([4, 8], study.Promotion!.Rungs);
        Assert.Equal(0.1, study.Final.RecipeChoices[1].LabelSmoothing);
    }

    [Fact]
    public void AMisspeltFieldListsTheValidOnes()
    {
        var ex = Assert.Throws<StudyFileException>(() => StudyFiles.Load(Valid(j => j.Replace("\"candidates\"", "\"candidate\"", StringComparison.Ordinal))));
        Assert.Contains("x.study.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("candidate", ex.Message, StringComparison.Ordinal);
        Assert.Contains("candidates", ex.Message, StringComparison.Ordinal); // the did-you-mean or the valid list
    }

    [Theory]
    [InlineData("\"rungs\": [\n      4,\n      8\n    ]", "\"rungs\": [8, 4]", "promotion.rungs[1]")]
    [InlineData("\"val_split\": 0.2", "\"val_split\": 0", "populations.val_split")]
    [InlineData("\"anynetx-a\"", "\"anynetx-q\"", "populations.spaces[1]")]
    [InlineData("\"flops\": \"1M:30M\"", "\"flops\": \"lots\"", "window.flops")]
    [InlineData("\"name\": \"t\"", "\"name\": \"a b\"", "name")]
    [InlineData("\"keep\": 0.5", "\"keep\": 1", "promotion.keep")]
    [InlineData("\"refine\": [\n    \"regnetx\"\n  ]", "\"refine\": [\"regnety\"]", "refine[0]")]
    public void AnInvalidFieldIsNamed(string from, string to, string field)
    {
        string path = Valid(j =>
        {
            Assert.Contains(from, j, StringComparison.Ordinal);
            return j.Replace(from, to, StringComparison.Ordinal);
        });
        var ex = Assert.Throws<StudyFileException>(() => StudyFiles.Load(path));
        Assert.Contains($"x.study.json: {field}:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownSpaceSuggestsANearName()
    {
        var ex = Assert.Throws<StudyFileException>(() => StudyFiles.Load(Valid(j => j.Replace("\"anynetx-a\"", "\"anynetx-q\"", StringComparison.Ordinal))));
        Assert.Contains("did you mean", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileIsNamed()
    {
        var ex = Assert.Throws<StudyFileException>(() => StudyFiles.Load(Path.Combine(dir, "nope.study.json")));
        Assert.Contains("nope.study.json: file not found", ex.Message, StringComparison.Ordinal);
    }
}

/// <summary>Studies run without libtorch: the CLI supplies the trainer.</summary>
public class StudiesDependencyTests
{
    [Fact]
    public void StudiesDoNotReferenceTorchSharp()
    {
        var references = typeof(StudyRunner).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToArray();
        Assert.Contains("NetSpace.Sweeps", references);
        Assert.DoesNotContain("NetSpace.Torch", references);
        Assert.DoesNotContain("TorchSharp", references);
    }
}
