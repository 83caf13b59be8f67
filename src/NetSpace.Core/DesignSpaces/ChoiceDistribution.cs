namespace NetSpace.DesignSpaces;

/// <summary>
/// One of a list of values, each equally likely (pycls <c>value_sampler</c>: <c>VALUES[randint(len)]</c>).
/// JSON: <c>{"type": "choice", "values": [1, 2, 4]}</c>.
/// </summary>
public sealed record ChoiceDistribution : ParameterDistribution
{
    private readonly double[] values;

    /// <summary>Creates the distribution; throws <see cref="ArgumentException"/> for an empty list or a non-finite value.</summary>
    public ChoiceDistribution(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        this.values = values.ToArray();
        Require(this.values.Length > 0, "choice needs at least one value");
        Require(this.values.All(double.IsFinite), "choice values must be finite numbers");
    }

    /// <summary>The values in the given order (a repeated value is proportionally more likely).</summary>
    public IReadOnlyList<double> Options => values;

    /// <inheritdoc />
    public override string Type => "choice";

    /// <inheritdoc />
    public override double Min => values.Min();

    /// <inheritdoc />
    public override double Max => values.Max();

    /// <inheritdoc />
    public override double Cardinality => values.Distinct().Count();

    /// <inheritdoc />
    public override double Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return values[random.Next(values.Length)];
    }

    /// <inheritdoc />
    public override bool IsMultipleOf(double m) => values.All(v => Quantizer.IsMultiple(v, m));

    /// <inheritdoc />
    public override IEnumerable<double> Values() => values.Distinct().Order();

    /// <inheritdoc />
    public override string Describe() => "choice {" + string.Join(", ", values.Select(Format)) + "}";

    /// <inheritdoc />
    public bool Equals(ChoiceDistribution? other) => other is not null && values.SequenceEqual(other.values);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (double v in values)
        {
            hash.Add(v);
        }

        return hash.ToHashCode();
    }
}
