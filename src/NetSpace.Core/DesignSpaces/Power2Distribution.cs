namespace NetSpace.DesignSpaces;

/// <summary>
/// Powers of two in [low, high], each equally likely (pycls <c>power2_uniform</c>):
/// 2^floor(U(log2 low, log2 high + 1)), quantized (floor) to q. low, high and q must be powers of two
/// and low a multiple of q; q defaults to low (no quantization).
/// JSON: <c>{"type": "power2", "low": 1, "high": 32}</c>.
/// </summary>
public sealed record Power2Distribution : ParameterDistribution
{
    private readonly Quantizer quantizer;
    private readonly double log2Low;
    private readonly double log2Span;

    /// <summary>Creates the distribution; throws <see cref="ArgumentException"/> as pycls's <c>validate_rand</c> would assert.</summary>
    public Power2Distribution(double low, double high, double? quantum = null)
    {
        double q = quantum ?? low;
        RequireRange("power2", low, high, q);
        Require(double.IsPow2(low) && double.IsPow2(high) && double.IsPow2(q), $"power2: low {Format(low)}, high {Format(high)} and quantum {Format(q)} must be powers of two");
        Require(Quantizer.IsMultiple(low, q), $"power2: low {Format(low)} must be a multiple of the quantum {Format(q)}");
        Low = low;
        High = high;
        Quantum = q;
        quantizer = new Quantizer(q);
        log2Low = double.ILogB(low);
        log2Span = double.ILogB(high) + 1 - log2Low;
    }

    /// <summary>Smallest power (inclusive).</summary>
    public double Low { get; }

    /// <summary>Largest power (inclusive).</summary>
    public double High { get; }

    /// <summary>Quantum q (a power of two ≤ low).</summary>
    public double Quantum { get; }

    /// <inheritdoc />
    public override string Type => "power2";

    /// <inheritdoc />
    public override double Min => Low;

    /// <inheritdoc />
    public override double Max => High;

    /// <inheritdoc />
    public override double Cardinality => log2Span;

    /// <inheritdoc />
    public override double Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double f2 = Math.Floor(log2Low + (log2Span * random.NextDouble()));
        return Math.Min(quantizer.Floor(Math.ScaleB(1.0, (int)f2)), High);
    }

    /// <inheritdoc />
    public override bool IsMultipleOf(double m) => Values().All(v => Quantizer.IsMultiple(v, m));

    /// <inheritdoc />
    public override IEnumerable<double> Values()
    {
        for (int e = (int)log2Low; e < log2Low + log2Span; e++)
        {
            yield return quantizer.Floor(Math.ScaleB(1.0, e));
        }
    }

    /// <inheritdoc />
    public override string Describe() =>
        Quantum == Low ? $"power2 [{Format(Low)}, {Format(High)}]" : $"power2 [{Format(Low)}, {Format(High)}] q {Format(Quantum)}";
}
