namespace NetSpace.Analysis;

/// <summary>One named numeric property of a model, for trend plots and correlations across a population.</summary>
/// <param name="Name">Short key, e.g. <c>w4</c>, <c>regnet_wa</c>, <c>e_fit</c>.</param>
/// <param name="Label">Axis label, e.g. <c>w4 (stage 4 width)</c>.</param>
/// <param name="Value">The value (raw counts for flops, params and acts); NaN when not applicable.</param>
/// <param name="LogScale">Whether a logarithmic x-axis suits it (widths, complexities, w0, wa, g, b).</param>
public sealed record DesignParameter(string Name, string Label, double Value, bool LogScale);
