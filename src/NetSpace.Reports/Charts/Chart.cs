namespace NetSpace.Reports;

/// <summary>One rendered chart: inline SVG for the HTML report and PNG for documents.</summary>
/// <param name="Id">File-name-safe identifier (<c>edf</c>, <c>trend-w4</c>).</param>
/// <param name="Title">Caption.</param>
/// <param name="Svg">SVG document.</param>
/// <param name="Png">PNG image.</param>
public sealed record Chart(string Id, string Title, string Svg, byte[] Png);
