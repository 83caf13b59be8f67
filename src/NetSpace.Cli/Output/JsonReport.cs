using System.Text.Json;
using System.Text.Json.Nodes;
using NetSpace.Complexity;
using NetSpace.Serialization;
using NetSpace.Specs;

namespace NetSpace.Cli.Output;

/// <summary>
/// JSON documents printed by <c>--json</c>: snake_case keys, integers for flops/params/acts, specs
/// serialised exactly as spec files (<see cref="SpecJson.Options"/>).
/// </summary>
internal static class JsonReport
{
    /// <summary>Writes one JSON document (indented) and a newline.</summary>
    public static void Write(TextWriter writer, JsonNode node)
    {
        writer.WriteLine(node.ToJsonString(SpecJson.Options));
    }

    /// <summary>The spec as a JSON node, as it would be written to a spec file.</summary>
    public static JsonNode Spec(NetworkSpec spec) =>
        JsonSerializer.SerializeToNode(spec, SpecJson.Options) ?? throw new InvalidOperationException("spec serialised to null");

    /// <summary>Adds <c>flops</c>, <c>params</c>, <c>acts</c> to <paramref name="target"/>.</summary>
    public static JsonObject AddComplexity(JsonObject target, ModelComplexity c)
    {
        target["flops"] = c.Flops;
        target["params"] = c.Params;
        target["acts"] = c.Acts;
        return target;
    }

    /// <summary>Adds totals, then the <c>stem</c>, <c>stages</c> and <c>head</c> breakdown to <paramref name="target"/>.</summary>
    public static JsonObject AddBreakdown(JsonObject target, NetworkSpec spec, ComplexityBreakdown cx)
    {
        AddComplexity(target, cx.Total);
        target["stem"] = AddComplexity(
            new JsonObject
            {
                ["type"] = SpecReport.Name(spec.Stem.Type),
                ["width"] = spec.Stem.Width,
                ["output_size"] = SpecReport.StemOutputSize(spec),
            },
            cx.Stem);

        var stages = new JsonArray();
        for (int i = 0; i < spec.Stages.Count; i++)
        {
            var s = spec.Stages[i];
            stages.Add(AddComplexity(
                new JsonObject
                {
                    ["stage"] = i + 1,
                    ["block"] = SpecReport.Name(s.Block),
                    ["depth"] = s.Depth,
                    ["width"] = s.Width,
                    ["stride"] = s.Stride,
                    ["bottleneck"] = s.Bottleneck,
                    ["group_width"] = s.GroupWidth,
                    ["expansion"] = s.Expansion,
                    ["se_ratio"] = s.SeRatio,
                    ["kernel"] = s.Kernel,
                    ["output_size"] = cx.StageOutputSizes[i],
                },
                cx.Stages[i]));
        }

        target["stages"] = stages;
        target["head"] = AddComplexity(
            new JsonObject
            {
                ["width"] = spec.Head.Width,
                ["classes"] = spec.Head.Classes,
            },
            cx.Head);
        return target;
    }
}
