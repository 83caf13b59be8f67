namespace NetSpace.DesignSpaces;

/// <summary>
/// pycls's <c>power2_or_log_uniform</c> (RegNet group width): draw a power of two p in [low, high]; keep it when
/// p &lt; q, otherwise redraw log-uniform in [max(low, q), high] quantized to min(high, q). Small values are
/// powers of two, large ones multiples of q, and the CDF is log-linear overall. low, high and q must be powers of two.
/// With RegNet's [8, 128] and q = 8 every power is ≥ q, so the draw is log_uniform [8, 128] q 8 (multiples of 8).
/// JSON: <c>{"type": "power2_or_log", "low": 8, "high": 128, "quantum": 8}</c>.
/// </summary>
public sealed record Power2OrLogDistribution : ParameterDistribution
{
    private readonly Power2Distribution powers;
    private readonly LogUniformDistribution? logPart;

    /// <summary>Creates the distribution; throws <see cref="ArgumentException"/> as pycls's <c>validate_rand</c> would assert.</summary>
    public Power2OrLogDistribution(double low, double high, double quantum)
    {
        RequireRange("power2_or_log", low, high, quantum);
        Require(double.IsPow2(low) && double.IsPow2(high) && double.IsPow2(quantum), $"power2_or_log: low {Format(low)}, high {Format(high)} and quantum {Format(quantum)} must be powers of two");
        Low = low;
        High = high;
        Quantum = quantum;
        powers = new Power2Distribution(low, high, low);
        logPart = high >= quantum ? new LogUniformDistribution(Math.Max(low, quantum), high, Math.Min(high, quantum)) : null;
    }

    /// <summary>Lower end (inclusive).</summary>
    public double Low { get; }

    /// <summary>Upper end (inclusive).</summary>
    public double High { get; }

    /// <summary>Threshold and quantum q of the log-uniform part.</summary>
    public double Quantum { get; }

    /// <inheritdoc />
    public override string Type => "power2_or_log";

    /// <inheritdoc />
    public override double Min => Low;

    /// <inheritdoc />
    public override double Max => High;

    /// <inheritdoc />
    public override double Cardinality => SmallPowers().Count() + (logPart?.Cardinality ?? 0);

    /// <inheritdoc />
    public override double Sample(Random random)
    {
        double f = powers.Sample(random);
        return f >= Quantum ? logPart!.Sample(random) : f;
    }

    /// <inheritdoc />
    public override bool IsMultipleOf(double m) =>
        SmallPowers().All(v => Quantizer.IsMultiple(v, m)) && (logPart is null || logPart.IsMultipleOf(m));

    /// <inheritdoc />
    public override IEnumerable<double> Values() => SmallPowers().Concat(logPart?.Values() ?? []);

    /// <inheritdoc />
    public override string Describe() => $"power2_or_log [{Format(Low)}, {Format(High)}] q {Format(Quantum)}";

    private IEnumerable<double> SmallPowers() => powers.Values().Where(v => v < Quantum);
}
