using System.Globalization;
using System.Text.Json.Serialization;

namespace NetSpace.DesignSpaces;

/// <summary>
/// A distribution of one design-space parameter, as pycls's sweep samplers
/// (<c>pycls/sweep/random.py</c>): fixed, choice, uniform, log-uniform, power-of-2 and power-of-2-or-log,
/// each over a closed range quantized to q. Instances are immutable and validated on construction.
/// In JSON: <c>{"type": "log_uniform", "low": 8, "high": 1024, "quantum": 8}</c>; a bare number is a fixed value.
/// </summary>
[JsonConverter(typeof(ParameterDistributionConverter))]
public abstract record ParameterDistribution
{
    private protected ParameterDistribution()
    {
    }

    /// <summary>The JSON type name: <c>fixed</c>, <c>choice</c>, <c>uniform</c>, <c>log_uniform</c>, <c>power2</c>, <c>power2_or_log</c>.</summary>
    [JsonIgnore]
    public abstract string Type { get; }

    /// <summary>Smallest value the distribution can produce.</summary>
    [JsonIgnore]
    public abstract double Min { get; }

    /// <summary>Largest value the distribution can produce.</summary>
    [JsonIgnore]
    public abstract double Max { get; }

    /// <summary>Number of distinct values it can produce.</summary>
    [JsonIgnore]
    public abstract double Cardinality { get; }

    /// <summary>Draws one value.</summary>
    public abstract double Sample(Random random);

    /// <summary>Whether every value it can produce is an integer multiple of <paramref name="m"/> (1 = whole numbers).</summary>
    public abstract bool IsMultipleOf(double m);

    /// <summary>Every value it can produce, ascending (use <see cref="Cardinality"/> first: ranges can be long).</summary>
    public abstract IEnumerable<double> Values();

    /// <summary>Short text, e.g. <c>log_uniform [8, 1024] q 8</c>, <c>choice {1, 2, 4}</c>.</summary>
    public abstract string Describe();

    /// <inheritdoc />
    public sealed override string ToString() => Describe();

    /// <summary>A number as written in JSON and in descriptions (invariant, shortest round-trip form).</summary>
    private protected static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Throws <see cref="ArgumentException"/> with <paramref name="message"/> unless <paramref name="condition"/>.</summary>
    private protected static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }

    /// <summary>The checks of pycls's <c>validate_rand</c> shared by the range distributions.</summary>
    private protected static void RequireRange(string type, double low, double high, double quantum, bool allowNonPositiveLow = false)
    {
        string what = $"{type}(low={Format(low)}, high={Format(high)}, quantum={Format(quantum)})";
        Require(double.IsFinite(low) && double.IsFinite(high) && double.IsFinite(quantum), $"{what}: low, high and quantum must be finite numbers");
        Require(quantum > 0, $"{what}: quantum must be > 0");
        Require(low <= high, $"{what}: low must be ≤ high");
        Require(allowNonPositiveLow || low > 0, $"{what}: low must be > 0");
    }
}
