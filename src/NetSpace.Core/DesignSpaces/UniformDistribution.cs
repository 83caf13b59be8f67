namespace NetSpace.DesignSpaces;

/// <summary>
/// Uniform over the multiples of q in [low, high] (pycls <c>uniform</c>): f ~ U(low, high + q), then
/// floor(f/q)·q. low and high must be multiples of q. JSON: <c>{"type": "uniform", "low": 12, "high": 28, "quantum": 1}</c>.
/// </summary>
public sealed record UniformDistribution : ParameterDistribution
{
    private readonly Quantizer quantizer;
    private readonly double span;

    /// <summary>Creates the distribution; throws <see cref="ArgumentException"/> as pycls's <c>validate_rand</c> would assert.</summary>
    public UniformDistribution(double low, double high, double quantum = 1)
    {
        RequireRange("uniform", low, high, quantum, allowNonPositiveLow: true);
        Require(Quantizer.IsMultiple(Math.Abs(low), quantum) && Quantizer.IsMultiple(Math.Abs(high), quantum), $"uniform: low {Format(low)} and high {Format(high)} must be multiples of the quantum {Format(quantum)}");
        Low = low;
        High = high;
        Quantum = quantum;
        quantizer = new Quantizer(quantum);
        span = high + quantum - low;
    }

    /// <summary>Lower end (inclusive).</summary>
    public double Low { get; }

    /// <summary>Upper end (inclusive).</summary>
    public double High { get; }

    /// <summary>Quantum q.</summary>
    public double Quantum { get; }

    /// <inheritdoc />
    public override string Type => "uniform";

    /// <inheritdoc />
    public override double Min => Low;

    /// <inheritdoc />
    public override double Max => High;

    /// <inheritdoc />
    public override double Cardinality => Quantizer.Count(Low, High, Quantum);

    /// <inheritdoc />
    public override double Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);

        // numpy: uniform(low, high + q) = low + (high + q − low)·U[0, 1); the clamp only guards float rounding at the top.
        double f = Low + (span * random.NextDouble());
        return Math.Min(quantizer.Floor(f), High);
    }

    /// <inheritdoc />
    public override bool IsMultipleOf(double m) =>
        Low == High ? Quantizer.IsMultiple(Low, m) : Quantizer.IsMultiple(Quantum, m) && Quantizer.IsMultiple(Low, m);

    /// <inheritdoc />
    public override IEnumerable<double> Values()
    {
        double first = Math.Round(Low / Quantum);
        double count = Cardinality;
        for (double k = 0; k < count; k++)
        {
            yield return quantizer.Scale(first + k);
        }
    }

    /// <inheritdoc />
    public override string Describe() => $"uniform [{Format(Low)}, {Format(High)}] q {Format(Quantum)}";
}
