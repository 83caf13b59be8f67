namespace NetSpace.DesignSpaces;

/// <summary>Always the same value (no random number is consumed). JSON: <c>{"type": "fixed", "value": 1}</c> or just <c>1</c>.</summary>
public sealed record FixedDistribution : ParameterDistribution
{
    /// <summary>Creates the distribution; throws <see cref="ArgumentException"/> for a non-finite value.</summary>
    public FixedDistribution(double value)
    {
        Require(double.IsFinite(value), $"fixed value {value} must be a finite number");
        Value = value;
    }

    /// <summary>The value.</summary>
    public double Value { get; }

    /// <inheritdoc />
    public override string Type => "fixed";

    /// <inheritdoc />
    public override double Min => Value;

    /// <inheritdoc />
    public override double Max => Value;

    /// <inheritdoc />
    public override double Cardinality => 1;

    /// <inheritdoc />
    public override double Sample(Random random) => Value;

    /// <inheritdoc />
    public override bool IsMultipleOf(double m) => Quantizer.IsMultiple(Value, m);

    /// <inheritdoc />
    public override IEnumerable<double> Values() => [Value];

    /// <inheritdoc />
    public override string Describe() => $"fixed {Format(Value)}";
}
