namespace NetSpace.Analysis;

/// <summary>
/// k equal-width bins over [lo, hi], in x or in ln x. A value equal to hi belongs to the last bin; when
/// lo = hi every value (all equal to lo) belongs to bin 0.
/// </summary>
internal sealed class EqualWidthBins
{
    private readonly double start;
    private readonly double width;

    /// <summary>Checks the range (finite, lo ≤ hi, lo &gt; 0 when logarithmic) and the bin count (≥ 1).</summary>
    public EqualWidthBins(double lo, double hi, int count, bool log)
    {
        AnalysisArguments.Require(count >= 1, nameof(count), $"bins = {count} must be ≥ 1");
        AnalysisArguments.Require(double.IsFinite(lo) && double.IsFinite(hi) && lo <= hi, nameof(lo), $"range [{lo}, {hi}] must be finite with lo ≤ hi");
        AnalysisArguments.Require(!log || lo > 0, nameof(lo), $"a logarithmic range needs lo > 0 (lo = {lo})");
        Lo = lo;
        Hi = hi;
        Count = count;
        Log = log;
        start = Scale(lo);
        width = (Scale(hi) - start) / count;
    }

    /// <summary>Lower end of the range.</summary>
    public double Lo { get; }

    /// <summary>Upper end of the range.</summary>
    public double Hi { get; }

    /// <summary>Number of bins.</summary>
    public int Count { get; }

    /// <summary>Whether the bins have equal width in ln x.</summary>
    public bool Log { get; }

    /// <summary>The bin of <paramref name="x"/>, or −1 if it lies outside [lo, hi].</summary>
    public int IndexOf(double x)
    {
        if (!(x >= Lo && x <= Hi))
        {
            return -1;
        }

        return width == 0 ? 0 : Math.Min(Count - 1, (int)Math.Floor((Scale(x) - start) / width));
    }

    /// <summary>Edge k (0 = lo, <see cref="Count"/> = hi) on the original scale.</summary>
    public double Edge(int k) => k == Count ? Hi : k == 0 ? Lo : Unscale(start + (k * width));

    /// <summary>Centre of bin k: the arithmetic midpoint of its edges, geometric when logarithmic.</summary>
    public double Center(int k) => Unscale(start + ((k + 0.5) * width));

    /// <summary>Bin index of every value; throws <see cref="ArgumentException"/> naming the first value outside the range.</summary>
    public int[] Assign(IReadOnlyList<double> values, string name)
    {
        var bins = new int[values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            bins[i] = IndexOf(values[i]);
            AnalysisArguments.Require(bins[i] >= 0, name, $"{name}[{i}] = {values[i]} is outside [{Lo}, {Hi}]");
        }

        return bins;
    }

    private double Scale(double x) => Log ? Math.Log(x) : x;

    private double Unscale(double x) => Log ? Math.Exp(x) : x;
}
