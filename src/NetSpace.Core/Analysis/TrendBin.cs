namespace NetSpace.Analysis;

/// <summary>One non-empty bin of a <see cref="BinnedTrend"/>.</summary>
/// <param name="Low">Lower edge of the bin in x.</param>
/// <param name="High">Upper edge of the bin in x.</param>
/// <param name="Center">Centre of the bin in x (geometric centre when binned in log x).</param>
/// <param name="Count">Number of points in the bin.</param>
/// <param name="Median">Median of y in the bin (<c>np.median</c>).</param>
/// <param name="P25">25th percentile of y in the bin (<c>np.percentile</c>, linear).</param>
/// <param name="P75">75th percentile of y in the bin.</param>
public sealed record TrendBin(double Low, double High, double Center, int Count, double Median, double P25, double P75);
