namespace NetSpace.DesignSpaces;

/// <summary>
/// Log-uniform over [low, high] quantized to q (pycls <c>log_uniform</c>): f = exp(U(ln(low − min(q, low/2)), ln high)),
/// then ceil(f/q)·q, so every multiple of q in [low, high] is reachable and low is not under-weighted.
/// low and high must be multiples of q and low &gt; 0.
/// JSON: <c>{"type": "log_uniform", "low": 8, "high": 1024, "quantum": 8}</c>.
/// </summary>
public sealed record LogUniformDistribution : ParameterDistribution
{
    private readonly Quantizer quantizer;
    private readonly double negLogHigh;
    private readonly double logSpan;

    /// <summary>Creates the distribution; throws <see cref="ArgumentException"/> as pycls's <c>validate_rand</c> would assert.</summary>
    public LogUniformDistribution(double low, double high, double quantum = 1)
    {
        RequireRange("log_uniform", low, high, quantum);
        Require(Quantizer.IsMultiple(low, quantum) && Quantizer.IsMultiple(high, quantum), $"log_uniform: low {Format(low)} and high {Format(high)} must be multiples of the quantum {Format(quantum)}");
        Low = low;
        High = high;
        Quantum = quantum;
        quantizer = new Quantizer(quantum);
        negLogHigh = -Math.Log(high);
        logSpan = -Math.Log(low - Math.Min(quantum, low / 2)) - negLogHigh;
    }

    /// <summary>Lower end (inclusive).</summary>
    public double Low { get; }

    /// <summary>Upper end (inclusive).</summary>
    public double High { get; }

    /// <summary>Quantum q.</summary>
    public double Quantum { get; }

    /// <inheritdoc />
    public override string Type => "log_uniform";

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

        // pycls: f = exp(−uniform(−ln high, −ln(low − q*))), i.e. f in (low − q*, high]; ceil lands in [low, high].
        // The clamp only guards exp(ln high) rounding above high.
        double f = Math.Exp(-(negLogHigh + (logSpan * random.NextDouble())));
        return Math.Clamp(quantizer.Ceiling(f), Low, High);
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
    public override string Describe() => $"log_uniform [{Format(Low)}, {Format(High)}] q {Format(Quantum)}";
}
