using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetSpace.DesignSpaces;
using NetSpace.Serialization;
using NetSpace.Specs;
using Spectre.Console;

namespace NetSpace.Cli.Output;

/// <summary>Tables and JSON documents of <c>netspace space list|show|sample</c>.</summary>
internal static class SpaceReport
{
    /// <summary>The built-in spaces: name, family, size, description.</summary>
    public static void WriteList(IAnsiConsole console, IReadOnlyList<DesignSpace> spaces)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("[bold]name[/]"));
        table.AddColumn(new TableColumn("[bold]family[/]"));
        table.AddColumn(new TableColumn("[bold]size[/]").RightAligned());
        table.AddColumn(new TableColumn("[bold]description[/]"));
        foreach (var space in spaces)
        {
            table.AddRow(Markup.Escape(space.Name), space.Family, Size(space.Cardinality), Markup.Escape(space.Description));
        }

        console.Write(table);
        console.WriteLine($"{spaces.Count} spaces; size = distinct parameter settings before compatibility adjustment and RegNet's stage-count rule. A space JSON file works wherever a name does (see docs/spaces/).");
    }

    /// <summary>One space: header, template, parameter table, rules, windows, size.</summary>
    public static void WriteSpace(IAnsiConsole console, DesignSpace space, string? path)
    {
        console.MarkupLine($"[bold]{Markup.Escape(space.Name)}[/]  {Markup.Escape(space.Description)}");
        if (path is not null)
        {
            console.WriteLine($"file      {path}");
        }

        console.WriteLine($"template  {TemplateText(space)}");
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("[bold]parameter[/]"));
        table.AddColumn(new TableColumn("[bold]scope[/]"));
        table.AddColumn(new TableColumn("[bold]distribution[/]"));
        table.AddColumn(new TableColumn("[bold]values[/]").RightAligned());
        table.AddColumn(new TableColumn("[bold]meaning[/]"));
        foreach (var p in space.Parameters)
        {
            table.AddRow(
                Markup.Escape(p.Name),
                Markup.Escape(p.Scope),
                Markup.Escape(p.Distribution.Describe()),
                Units.Exact((long)p.Distribution.Cardinality),
                Markup.Escape(p.Meaning));
        }

        console.Write(table);
        console.WriteLine("rules");
        foreach (string rule in space.Rules)
        {
            console.WriteLine($"  - {rule}");
        }

        string windows = WindowsText(space.Constraints);
        console.WriteLine($"windows   {(windows.Length == 0 ? "none (give --flops/--params/--acts to 'space sample')" : windows)}");
        console.WriteLine($"size      {Size(space.Cardinality)} parameter settings");
    }

    /// <summary>The space as JSON; <c>definition</c> is a space file that loads back into the same space.</summary>
    public static JsonObject SpaceJson(DesignSpace space, string? path)
    {
        var report = new JsonObject
        {
            ["name"] = space.Name,
            ["family"] = space.Family,
            ["description"] = space.Description,
        };
        if (path is not null)
        {
            report["path"] = path;
        }

        report["cardinality"] = space.Cardinality;
        report["template"] = JsonSerializer.SerializeToNode(space.Template, SpecJson.Options);
        var parameters = new JsonArray();
        foreach (var p in space.Parameters)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = p.Name,
                ["scope"] = p.Scope,
                ["distribution"] = JsonSerializer.SerializeToNode(p.Distribution, SpecJson.Options),
                ["values"] = p.Distribution.Cardinality,
                ["meaning"] = p.Meaning,
            });
        }

        report["parameters"] = parameters;
        report["rules"] = new JsonArray(space.Rules.Select(r => (JsonNode?)r).ToArray());
        report["constraints"] = ConstraintsJson(space.Constraints);
        report["definition"] = JsonNode.Parse(space.Definition.ToJson());
        return report;
    }

    /// <summary>Sampled specs: one row each, then the acceptance rate and draw counts.</summary>
    public static void WriteSampling(IAnsiConsole console, DesignSpace space, long seed, ComplexityConstraints constraints, SamplingResult result)
    {
        string windows = WindowsText(constraints);
        console.MarkupLine($"[bold]{Markup.Escape(space.Name)}[/]  seed {seed}" + (windows.Length > 0 ? $" · {Markup.Escape(windows)}" : string.Empty));
        bool regnet = result.Samples.Any(s => s.Spec.RegNet is not null);
        var table = new Table().Border(TableBorder.Rounded);
        var headers = new List<(string Name, bool Right)> { ("#", true), ("name", false) };
        if (regnet)
        {
            headers.AddRange([("d", true), ("w0", true), ("wa", true), ("wm", true), ("g", true)]);
        }

        headers.AddRange([("d_i", false), ("w_i", false), ("b_i", false), ("g_i", false), ("flops", true), ("params", true), ("acts", true)]);
        foreach (var (header, right) in headers)
        {
            var column = new TableColumn($"[bold]{Markup.Escape(header)}[/]");
            table.AddColumn(right ? column.RightAligned() : column);
        }

        for (int i = 0; i < result.Samples.Count; i++)
        {
            var (spec, cx) = result.Samples[i];
            var cells = new List<string> { i.ToString(CultureInfo.InvariantCulture), spec.Name ?? string.Empty };
            if (regnet)
            {
                var p = spec.RegNet;
                cells.AddRange(p is null
                    ? ["-", "-", "-", "-", "-"]
                    : [
                        p.Depth.ToString(CultureInfo.InvariantCulture), p.W0.ToString(CultureInfo.InvariantCulture), Units.Decimal(p.Wa), Units.Decimal(p.Wm),
                        p.GroupWidth.ToString(CultureInfo.InvariantCulture),
                    ]);
            }

            cells.AddRange(
            [
                PerStage(spec, s => s.Depth.ToString(CultureInfo.InvariantCulture), collapse: false),
                PerStage(spec, s => s.Width.ToString(CultureInfo.InvariantCulture), collapse: false),
                PerStage(spec, s => Units.Decimal(s.Bottleneck), collapse: true),
                PerStage(spec, s => s.GroupWidth.ToString(CultureInfo.InvariantCulture), collapse: true),
                Units.Flops(cx.Flops),
                Units.Count(cx.Params),
                Units.Count(cx.Acts),
            ]);
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }

        console.Write(table);
        var first = result.Samples.Count > 0 ? result.Samples[0].Spec : null;
        if (first is not null)
        {
            console.WriteLine($"input {first.Input.Size}×{first.Input.Size}×{first.Input.Channels} · {first.Head.Classes} classes · stem {SpecReport.Name(first.Stem.Type)} {first.Stem.Width}");
        }

        console.MarkupLine("[dim]" + Markup.Escape(
            "per stage: d_i depth, w_i width, b_i bottleneck multiplier (inner width w·b), g_i group width (one value when shared)"
            + (regnet ? "; g: RegNet group width, clamped to narrower stages as pycls does" : string.Empty)) + "[/]");
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{result.Samples.Count} sample{(result.Samples.Count == 1 ? string.Empty : "s")} from {result.Draws:N0} draws: acceptance rate {Percent(result.AcceptanceRate)}; " +
            $"rejected: {result.RejectedBySpace:N0} by the space's rules, {result.Invalid:N0} invalid, {result.RejectedByConstraints:N0} outside the windows, {result.Duplicates:N0} duplicates"));
    }

    /// <summary><c>{space, seed, draws, acceptance_rate, …, samples: [{name, flops, params, acts, spec}]}</c>.</summary>
    public static JsonObject SamplingJson(DesignSpace space, long seed, ComplexityConstraints constraints, SamplingResult result)
    {
        var samples = new JsonArray();
        foreach (var (spec, cx) in result.Samples)
        {
            var item = new JsonObject { ["name"] = spec.Name };
            JsonReport.AddComplexity(item, cx);
            item["spec"] = JsonReport.Spec(spec);
            samples.Add(item);
        }

        return new JsonObject
        {
            ["space"] = space.Name,
            ["seed"] = seed,
            ["draws"] = result.Draws,
            ["acceptance_rate"] = result.AcceptanceRate,
            ["rejected_by_space"] = result.RejectedBySpace,
            ["invalid"] = result.Invalid,
            ["rejected_by_constraints"] = result.RejectedByConstraints,
            ["duplicates"] = result.Duplicates,
            ["constraints"] = ConstraintsJson(constraints),
            ["samples"] = samples,
        };
    }

    private static JsonObject ConstraintsJson(ComplexityConstraints c)
    {
        var json = new JsonObject();
        foreach (var (name, window) in new[] { ("flops", c.Flops), ("params", c.Params), ("acts", c.Acts) })
        {
            if (window is not null)
            {
                json[name] = window.ToString();
            }
        }

        return json;
    }

    private static string TemplateText(DesignSpace space)
    {
        var t = space.Template;
        string blocks = space.Family == "regnet"
            ? $"stage count {t.Stages} (others rejected), blocks from se_ratio"
            : $"{t.Stages} stages of {SpecReport.Name(t.Block)} blocks" + (t.Block == BlockType.Y ? $" (SE {Units.Decimal(t.SeRatio)})" : string.Empty);
        return $"input {t.InputSize}×{t.InputSize}×{t.Channels} · {t.Classes} classes · stem {SpecReport.Name(t.Stem)} {t.StemWidth} · {blocks}, stride {t.Stride}"
            + (t.HeadWidth > 0 ? $" · head conv {t.HeadWidth}" : string.Empty);
    }

    private static string WindowsText(ComplexityConstraints c) => string.Join(
        ", ",
        new[] { ("flops", c.Flops), ("params", c.Params), ("acts", c.Acts) }
            .Where(x => x.Item2 is not null)
            .Select(x => $"{x.Item1} {Window(x.Item2!)}"));

    private static string Window(ComplexityWindow w) =>
        $"{(w.Min is long lo ? Units.Count(lo) : string.Empty)}:{(w.Max is long hi ? Units.Count(hi) : string.Empty)}";

    private static string PerStage(NetworkSpec spec, Func<StageSpec, string> value, bool collapse)
    {
        var values = spec.Stages.Select(value).ToArray();
        return collapse && values.Distinct().Count() == 1 ? values[0] : string.Join(",", values);
    }

    private static string Size(double cardinality) =>
        cardinality < 1e6
            ? Units.Exact((long)cardinality)
            : cardinality.ToString("0.0e0", CultureInfo.InvariantCulture);

    private static string Percent(double rate) => (rate * 100).ToString(rate >= 0.01 ? "0.0" : "0.000", CultureInfo.InvariantCulture) + "%";
}
