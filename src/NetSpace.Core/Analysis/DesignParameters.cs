using NetSpace.Complexity;
using NetSpace.Specs;

namespace NetSpace.Analysis;

/// <summary>The design parameters of a model as an ordered list of named values (pycls's sweep metrics, plus e_fit).</summary>
public static class DesignParameters
{
    /// <summary>
    /// In order: per stage i = 1..<paramref name="stages"/>, <c>d{i}</c>, <c>w{i}</c>, <c>b{i}</c> (bottleneck ratio
    /// as in the spec), <c>g{i}</c> (group width); <c>d</c> (total depth), <c>w</c> (largest stage width); when the
    /// spec records RegNet parameters, <c>regnet_d</c>, <c>regnet_w0</c>, <c>regnet_wa</c>, <c>regnet_wm</c>,
    /// <c>regnet_g</c>, <c>regnet_b</c>; <c>flops</c>, <c>params</c>, <c>acts</c>; then <c>fit_w0</c>, <c>fit_wa</c>,
    /// <c>fit_wm</c>, <c>e_fit</c> from <see cref="QuantizedLinearFit"/> of the per-block widths (each stage width
    /// repeated depth times, quantum of the RegNet parameters or 8). A stage the network does not have gets
    /// d = 0 and NaN width, bottleneck and group width; a network with more stages than
    /// <paramref name="stages"/> gets slots for all of them. Parameters constant across a population are for the caller to drop.
    /// </summary>
    /// <param name="spec">The model.</param>
    /// <param name="complexity">Its complexity (e.g. <see cref="NetworkComplexity.Measure"/>).</param>
    /// <param name="stages">Minimum number of per-stage slots (4 for AnyNet and most RegNets), so populations line up.</param>
    public static IReadOnlyList<DesignParameter> Extract(NetworkSpec spec, ModelComplexity complexity, int stages = 4)
    {
        ArgumentNullException.ThrowIfNull(spec);
        AnalysisArguments.Require(spec.Stages.Count > 0, nameof(spec), "the network has no stages");
        stages = Math.Max(stages, spec.Stages.Count);
        var list = new List<DesignParameter>();
        void Add(string name, string label, double value, bool log) => list.Add(new DesignParameter(name, $"{name} ({label})", value, log));

        for (int i = 0; i < stages; i++)
        {
            var stage = i < spec.Stages.Count ? spec.Stages[i] : null;
            int n = i + 1;
            Add($"d{n}", $"stage {n} depth", stage?.Depth ?? 0, false);
            Add($"w{n}", $"stage {n} width", stage?.Width ?? double.NaN, true);
            Add($"b{n}", $"stage {n} bottleneck ratio", stage?.Bottleneck ?? double.NaN, true);
            Add($"g{n}", $"stage {n} group width", stage?.GroupWidth ?? double.NaN, true);
        }

        Add("d", "total depth", spec.TotalDepth, false);
        Add("w", "largest stage width", spec.Stages.Max(s => s.Width), true);
        if (spec.RegNet is { } regnet)
        {
            Add("regnet_d", "RegNet depth", regnet.Depth, false);
            Add("regnet_w0", "RegNet initial width", regnet.W0, true);
            Add("regnet_wa", "RegNet width slope", regnet.Wa, true);
            Add("regnet_wm", "RegNet width multiplier", regnet.Wm, false);
            Add("regnet_g", "RegNet group width", regnet.GroupWidth, true);
            Add("regnet_b", "RegNet bottleneck ratio", regnet.Bottleneck, true);
        }

        Add("flops", "multiply-adds", complexity.Flops, true);
        Add("params", "parameters", complexity.Params, true);
        Add("acts", "activations", complexity.Acts, true);

        var blockWidths = spec.Stages.SelectMany(s => Enumerable.Repeat(s.Width, s.Depth)).ToArray();
        var fit = QuantizedLinearFit.Fit(blockWidths, spec.RegNet?.Quantum ?? 8);
        Add("fit_w0", "fitted initial width", fit.W0, true);
        Add("fit_wa", "fitted width slope", fit.Wa, true);
        Add("fit_wm", "fitted width multiplier", fit.Wm, false);
        Add("e_fit", "quantized linear fit error", fit.FitError, false);
        return list.AsReadOnly();
    }
}
