using NetSpace.Complexity;
using NetSpace.Specs;
using Spectre.Console;

namespace NetSpace.Cli.Output;

/// <summary>
/// The human-readable report of one network: a header, the stem/stages/head table with per-part
/// complexity, the totals and, for RegNets, the design-space parameters.
/// </summary>
internal static class SpecReport
{
    private const string None = "-";

    /// <summary>Renders the report to <paramref name="console"/>.</summary>
    public static void Write(IAnsiConsole console, NetworkSpec spec, ComplexityBreakdown cx, string? title = null, string? description = null)
    {
        if (title is not null)
        {
            console.MarkupLine(description is null
                ? $"[bold]{Markup.Escape(title)}[/]"
                : $"[bold]{Markup.Escape(title)}[/]  {Markup.Escape(description)}");
        }

        console.WriteLine(
            $"input {spec.Input.Size}×{spec.Input.Size}×{spec.Input.Channels} · {spec.Head.Classes} classes · " +
            $"{Name(spec.Activation)} · {spec.TotalDepth} blocks in {spec.Stages.Count} stages" +
            (spec.Head.Width > 0 ? $" · head conv {spec.Head.Width}" : string.Empty));
        console.Write(StageTable(spec, cx));
        console.MarkupLine($"[dim]{Markup.Escape(Legend(spec))}[/]");
        console.Write(Totals(cx.Total));
        if (spec.RegNet is { } p)
        {
            console.WriteLine($"regnet  {RegNetText(p)}");
        }
    }

    /// <summary>The RegNet parameters as <c>d=22 w0=24 wa=24.48 wm=2.54 g=16 b=1 se=0</c>.</summary>
    public static string RegNetText(RegNetParameters p)
    {
        string text = $"d={p.Depth} w0={p.W0} wa={Units.Decimal(p.Wa)} wm={Units.Decimal(p.Wm)} g={p.GroupWidth} b={Units.Decimal(p.Bottleneck)} se={Units.Decimal(p.SeRatio)}";
        if (p.Quantum != 8)
        {
            text += $" q={p.Quantum}";
        }

        if (p.Stride != 2)
        {
            text += $" stride={p.Stride}";
        }

        return text;
    }

    /// <summary>Side of the stem's output feature map.</summary>
    public static int StemOutputSize(NetworkSpec spec)
    {
        var counter = new ComplexityCounter(spec.Input.Size, spec.Input.Size);
        NetworkComplexity.Stem(counter, spec.Input.Channels, spec.Stem);
        return counter.Height;
    }

    /// <summary>Lower-case enum name as in spec JSON (<c>simple</c>, <c>resnet</c>, <c>mbconv</c>, <c>relu</c>).</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>Kernel size and overall stride of a stem type.</summary>
    public static (int Kernel, int Stride) StemShape(StemType type) => type switch
    {
        StemType.ResNet => (7, 4),
        StemType.Small => (3, 1),
        _ => (3, 2),
    };

    private static Table StageTable(NetworkSpec spec, ComplexityBreakdown cx)
    {
        bool bottlenecks = spec.Stages.Any(s => s.Block is BlockType.X or BlockType.Y);
        bool mbconv = spec.Stages.Any(s => s.Block == BlockType.MBConv);
        bool se = spec.Stages.Any(s => s.SeRatio > 0);
        bool kernels = mbconv || spec.Stages.Any(s => s.Kernel != 3);

        // The paper's notation keeps the table within 80 columns; the legend below spells it out.
        var columns = new List<(string Header, bool Right)> { ("stage", false), ("block", false), ("d", true), ("w", true), ("s", true) };
        if (bottlenecks)
        {
            columns.Add(("b", true));
            columns.Add(("g", true));
        }

        if (mbconv)
        {
            columns.Add(("e", true));
        }

        if (se)
        {
            columns.Add(("se", true));
        }

        if (kernels)
        {
            columns.Add(("k", true));
        }

        columns.AddRange([("out", true), ("flops", true), ("params", true), ("acts", true)]);

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var (header, right) in columns)
        {
            var column = new TableColumn(new Markup($"[bold]{Markup.Escape(header)}[/]"));
            table.AddColumn(right ? column.RightAligned() : column);
        }

        var (stemKernel, stemStride) = StemShape(spec.Stem.Type);
        table.AddRow(Row(
            "stem", Name(spec.Stem.Type), None, spec.Stem.Width.ToString(), stemStride.ToString(), None, None, None, None,
            stemKernel.ToString(), Units.Map(StemOutputSize(spec)), cx.Stem));

        for (int i = 0; i < spec.Stages.Count; i++)
        {
            var s = spec.Stages[i];
            bool isBottleneck = s.Block is BlockType.X or BlockType.Y;
            table.AddRow(Row(
                (i + 1).ToString(),
                Name(s.Block),
                s.Depth.ToString(),
                s.Width.ToString(),
                s.Stride.ToString(),
                isBottleneck ? Units.Decimal(s.Bottleneck) : None,
                isBottleneck ? s.GroupWidth.ToString() : None,
                s.Block == BlockType.MBConv ? Units.Decimal(s.Expansion) : None,
                s.SeRatio > 0 ? Units.Decimal(s.SeRatio) : None,
                s.Kernel.ToString(),
                Units.Map(cx.StageOutputSizes[i]),
                cx.Stages[i]));
        }

        string headBlock = spec.Head.Width > 0 ? "conv+fc" : "fc";
        table.AddRow(Row("head", headBlock, None, spec.Head.Classes.ToString(), None, None, None, None, None, None, Units.Map(1), cx.Head));

        var totals = Row("total", string.Empty, spec.TotalDepth.ToString(), string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, cx.Total);
        for (int i = 0; i < columns.Count; i++)
        {
            table.Columns[i].Footer = new Markup($"[bold]{Markup.Escape(totals[i])}[/]");
        }

        table.ShowFooters = true;
        return table;

        string[] Row(
            string stage, string block, string depth, string width, string stride, string bot, string group, string exp, string seRatio,
            string kernel, string output, ModelComplexity c)
        {
            var cells = new List<string> { stage, block, depth, width, stride };
            if (bottlenecks)
            {
                cells.Add(bot);
                cells.Add(group);
            }

            if (mbconv)
            {
                cells.Add(exp);
            }

            if (se)
            {
                cells.Add(seRatio);
            }

            if (kernels)
            {
                cells.Add(kernel);
            }

            cells.AddRange([output, Units.Flops(c.Flops), Units.Count(c.Params), Units.Count(c.Acts)]);
            return cells.Select(Markup.Escape).ToArray();
        }
    }

    private static string Legend(NetworkSpec spec)
    {
        var parts = new List<string> { "d depth", "w width", "s stride" };
        if (spec.Stages.Any(s => s.Block is BlockType.X or BlockType.Y))
        {
            parts.Add("b bottleneck ratio");
            parts.Add("g group width");
        }

        if (spec.Stages.Any(s => s.Block == BlockType.MBConv))
        {
            parts.Add("e expansion");
        }

        if (spec.Stages.Any(s => s.SeRatio > 0))
        {
            parts.Add("se SE ratio");
        }

        if (spec.Stages.Any(s => s.Block == BlockType.MBConv || s.Kernel != 3))
        {
            parts.Add("k kernel");
        }

        parts.Add("out output map");
        return string.Join(" · ", parts);
    }

    private static Grid Totals(ModelComplexity total)
    {
        var grid = new Grid();
        grid.AddColumn(new GridColumn().NoWrap());
        grid.AddColumn(new GridColumn().NoWrap().RightAligned());
        grid.AddColumn(new GridColumn().NoWrap().RightAligned());
        grid.AddRow("flops", Units.Exact(total.Flops), Units.Flops(total.Flops));
        grid.AddRow("params", Units.Exact(total.Params), Units.Count(total.Params));
        grid.AddRow("acts", Units.Exact(total.Acts), Units.Count(total.Acts));
        return grid;
    }
}
