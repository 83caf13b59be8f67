using NetSpace.Serialization;
using NetSpace.Zoo;

namespace NetSpace.Tests;

public class JsonErrorTextTests
{
    private static string SpecJsonWith(string from, string to)
    {
        string json = SpecJson.Serialize(ModelZoo.Get("regnetx-200mf"));
        Assert.Contains(from, json, StringComparison.Ordinal);
        return json.Replace(from, to, StringComparison.Ordinal);
    }

    [Fact]
    public void MisspeltStageFieldListsTheValidFieldsWithADidYouMean()
    {
        var e = Assert.Throws<SpecFormatException>(() => SpecJson.DeserializeSpec(SpecJsonWith("\"depth\"", "\"deptj\""), "x.json"));
        Assert.Contains("at $.stages[0].deptj: unknown field 'deptj'; did you mean 'depth'?", e.Message, StringComparison.Ordinal);
        Assert.Contains("valid fields here: block, depth, width, stride, bottleneck, group_width", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("NetSpace.", e.Message, StringComparison.Ordinal); // no .NET type names
        Assert.DoesNotContain(".NET", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MisspeltTopLevelFieldSuggestsTheClosestField()
    {
        var e = Assert.Throws<SpecFormatException>(() => SpecJson.DeserializeSpec(SpecJsonWith("\"stages\"", "\"stagez\""), "x.json"));
        Assert.Contains("unknown field 'stagez'; did you mean 'stages'?", e.Message, StringComparison.Ordinal);
        Assert.Contains("input", e.Message, StringComparison.Ordinal);
        Assert.Contains("head", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFieldFarFromEveryValidOneGetsNoSuggestionButTheList()
    {
        var e = Assert.Throws<SpecFormatException>(() => SpecJson.DeserializeSpec(SpecJsonWith("\"stem\"", "\"qqqqqqqqqqqq\""), "x.json"));
        Assert.Contains("unknown field 'qqqqqqqqqqqq'; valid fields here: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("did you mean", e.Message, StringComparison.Ordinal);
    }
}
