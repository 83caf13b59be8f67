using System.Globalization;
using System.Text.Json;
using NetSpace.DesignSpaces;
using NetSpace.Serialization;

namespace NetSpace.Tests.DesignSpaces;

public class ParameterDistributionTests
{
    private const int N = 20_000;

    private static double[] Draw(ParameterDistribution d, int n = N, int seed = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => d.Sample(random)).ToArray();
    }

    [Fact]
    public void UniformCoversEveryQuantizedValueOfTheClosedRangeEvenly()
    {
        var d = new UniformDistribution(12, 28, 1);
        var values = Draw(d);

        Assert.All(values, v => Assert.InRange(v, 12, 28));
        Assert.All(values, v => Assert.Equal(Math.Floor(v), v));
        var counts = values.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(17, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, N / 17 * 0.8, N / 17 * 1.2));
        Assert.Equal(17, d.Cardinality);
        Assert.Equal(Enumerable.Range(12, 17).Select(i => (double)i), d.Values());
    }

    [Fact]
    public void FloatQuantumGivesTheNearestDoubleToTheDecimalMultipleAsPyclsDecimalQuantize()
    {
        // 23 · 0.1 = 2.3000000000000003 in binary; pycls's Decimal(23) · Decimal("0.1") = 2.3 exactly.
        var d = new UniformDistribution(0, 10, 0.1);
        var values = Draw(d);

        Assert.All(values, v => Assert.Equal(Math.Round(v, 1), v));
        Assert.Contains(2.3, values);
        Assert.Equal(101, d.Cardinality);
        Assert.Contains(2.3, d.Values());
    }

    [Fact]
    public void LogUniformWidthsAreMultiplesOfTheQuantumWithALogUniformShape()
    {
        var d = new LogUniformDistribution(8, 1024, 8);
        var values = Draw(d);

        Assert.All(values, v => Assert.InRange(v, 8, 1024));
        Assert.All(values, v => Assert.Equal(0, v % 8));
        Assert.Contains(8.0, values);
        Assert.Contains(1024.0, values);

        // f is log-uniform on (8 − min(8, 4), 1024] = (4, 1024]; v ≤ 64 exactly when f ≤ 64: ln(16)/ln(256) = 1/2.
        double belowOrAt64 = values.Count(v => v <= 64) / (double)N;
        Assert.InRange(belowOrAt64, 0.48, 0.52);
        Assert.Equal(128, d.Cardinality);
    }

    [Fact]
    public void LogUniformCeilsToTheQuantumFromLowMinusHalfLow()
    {
        // log_uniform(1, 16, 1): f in (0.5, 16], ceil → P(1) = ln(1/0.5)/ln(16/0.5) = ln 2 / ln 32 = 0.2.
        var values = Draw(new LogUniformDistribution(1, 16, 1));

        Assert.All(values, v => Assert.InRange(v, 1, 16));
        Assert.All(values, v => Assert.Equal(Math.Ceiling(v), v));
        Assert.InRange(values.Count(v => v == 1) / (double)N, 0.185, 0.215);
        Assert.InRange(values.Count(v => v == 3) / (double)N, 0.105, 0.13); // f in (2, 3]: ln 1.5 / ln 32 ≈ 0.117
        Assert.Equal(16, values.Distinct().Count());
    }

    [Fact]
    public void LogUniformWithThousandthsGivesThreeDecimalValues()
    {
        var values = Draw(new LogUniformDistribution(2, 3, 0.001));

        Assert.All(values, v => Assert.InRange(v, 2, 3));
        Assert.All(values, v => Assert.Equal(Math.Round(v, 3), v));
        Assert.All(values.Take(200), v => Assert.True(v.ToString("R", CultureInfo.InvariantCulture).Length <= 5, $"{v:R}"));
    }

    [Fact]
    public void Power2DrawsEveryPowerOfTwoInTheRangeEqually()
    {
        var d = new Power2Distribution(1, 32);
        var values = Draw(d);

        Assert.Equal([1, 2, 4, 8, 16, 32], values.Distinct().Order());
        Assert.All(values.GroupBy(v => v), g => Assert.InRange(g.Count(), N / 6 * 0.85, N / 6 * 1.15));
        Assert.Equal(6, d.Cardinality);
        Assert.Equal([1, 2, 4, 8, 16, 32], d.Values());
    }

    [Fact]
    public void Power2WithQuantumFloorsToTheQuantum()
    {
        // pycls BOT_MUL: power2_uniform(1.0, 1.0, 1/128) is always 1.
        Assert.All(Draw(new Power2Distribution(1, 1, 1.0 / 128), 100), v => Assert.Equal(1.0, v));
        Assert.Equal([0.25, 0.5, 1, 2, 4, 8], Draw(new Power2Distribution(0.25, 8, 0.25)).Distinct().Order());
    }

    [Fact]
    public void Power2OrLogWithRegNetRangeIsLogUniformOverMultiplesOfEight()
    {
        // Every power in [8, 128] is ≥ q = 8, so each draw is redrawn log_uniform(8, 128, 8).
        var d = new Power2OrLogDistribution(8, 128, 8);
        var values = Draw(d);

        Assert.All(values, v => Assert.InRange(v, 8, 128));
        Assert.All(values, v => Assert.Equal(0, v % 8));
        Assert.Contains(24.0, values);
        Assert.Equal(16, values.Distinct().Count());
        Assert.Equal(16, d.Cardinality);
    }

    [Fact]
    public void Power2OrLogKeepsSmallPowersAndQuantizesLargeValues()
    {
        // pycls's CIFAR sweep GROUP_W [1, 32] with q = 8: 1, 2, 4 as powers; 8…32 as multiples of 8.
        var d = new Power2OrLogDistribution(1, 32, 8);
        var values = Draw(d);

        Assert.Equal([1, 2, 4, 8, 16, 24, 32], values.Distinct().Order());
        Assert.Equal([1, 2, 4, 8, 16, 24, 32], d.Values());
        Assert.Equal(7, d.Cardinality);

        // Powers are drawn uniformly first: 1, 2, 4 each 1/6, so 1/2 of the draws land below 8.
        Assert.InRange(values.Count(v => v < 8) / (double)N, 0.48, 0.52);
    }

    [Fact]
    public void ChoiceAndFixed()
    {
        var choice = new ChoiceDistribution([1, 2, 4, 8, 16, 32]);
        Assert.Equal([1, 2, 4, 8, 16, 32], Draw(choice).Distinct().Order());
        Assert.Equal(6, choice.Cardinality);
        Assert.All(Draw(new FixedDistribution(0.25), 10), v => Assert.Equal(0.25, v));
    }

    [Fact]
    public void SameSeedSameValuesDifferentSeedDifferentValues()
    {
        ParameterDistribution[] all =
        [
            new UniformDistribution(12, 28, 1), new LogUniformDistribution(8, 256, 0.1), new Power2Distribution(1, 64),
            new Power2OrLogDistribution(1, 128, 8), new ChoiceDistribution([1, 2, 4]),
        ];
        foreach (var d in all)
        {
            Assert.Equal(Draw(d, 500, seed: 7), Draw(d, 500, seed: 7));
            Assert.NotEqual(Draw(d, 500, seed: 7), Draw(d, 500, seed: 8));
        }
    }

    [Theory]
    [InlineData("uniform", 5, 4, 1)]
    [InlineData("uniform", 1, 4, 0)]
    [InlineData("uniform", 1, 4, 2)]
    [InlineData("log_uniform", 0, 4, 1)]
    [InlineData("log_uniform", 4, 1024, 8)]
    [InlineData("power2", 3, 16, 1)]
    [InlineData("power2", 1, 16, 2)]
    [InlineData("power2_or_log", 8, 128, 12)]
    public void InvalidRangesAreRejectedAsPyclsValidateRand(string type, double low, double high, double quantum)
    {
        Assert.Throws<ArgumentException>(() => (ParameterDistribution)(type switch
        {
            "uniform" => new UniformDistribution(low, high, quantum),
            "log_uniform" => new LogUniformDistribution(low, high, quantum),
            "power2" => new Power2Distribution(low, high, quantum),
            _ => new Power2OrLogDistribution(low, high, quantum),
        }));
    }

    [Fact]
    public void EmptyChoiceAndNonFiniteFixedAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new ChoiceDistribution([]));
        Assert.Throws<ArgumentException>(() => new FixedDistribution(double.NaN));
    }

    [Fact]
    public void JsonRoundTripsEveryType()
    {
        ParameterDistribution[] all =
        [
            new FixedDistribution(0.25), new ChoiceDistribution([1, 0.5, 0.25]), new UniformDistribution(12, 28, 1),
            new LogUniformDistribution(2, 3, 0.001), new Power2Distribution(1, 32), new Power2OrLogDistribution(8, 128, 8),
        ];
        foreach (var d in all)
        {
            string json = SpecJson.Serialize(d, indented: false);
            Assert.Contains($"\"type\":\"{d.Type}\"", json, StringComparison.Ordinal);
            Assert.Equal(d, JsonSerializer.Deserialize<ParameterDistribution>(json, SpecJson.Options));
        }

        Assert.Equal(new FixedDistribution(3), JsonSerializer.Deserialize<ParameterDistribution>("3", SpecJson.Options));
        Assert.Equal(
            new LogUniformDistribution(1, 16, 1),
            JsonSerializer.Deserialize<ParameterDistribution>("""{"low": 1, "high": 16, "type": "log_uniform"}""", SpecJson.Options));
    }

    [Theory]
    [InlineData("""{"type": "gaussian", "low": 1, "high": 2}""", "unknown distribution type 'gaussian'")]
    [InlineData("""{"low": 1, "high": 2}""", "needs a 'type'")]
    [InlineData("""{"type": "uniform", "low": 1, "high": 2, "step": 1}""", "unknown field 'step'")]
    [InlineData("""{"type": "fixed", "value": 1, "low": 1}""", "'low' does not apply to a fixed distribution")]
    [InlineData("""{"type": "log_uniform", "low": 4, "high": 1024, "quantum": 8}""", "must be multiples of the quantum 8")]
    [InlineData("""{"type": "uniform", "high": 2}""", "needs 'low'")]
    [InlineData("""{"type": "choice", "values": [1, "2"]}""", "'values' must be a number")]
    [InlineData("\"8\"", "expected a distribution")]
    public void MalformedDistributionsGiveOneClearMessage(string json, string expected)
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ParameterDistribution>(json, SpecJson.Options));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DescriptionsAreShort()
    {
        Assert.Equal("log_uniform [8, 1024] q 8", new LogUniformDistribution(8, 1024, 8).Describe());
        Assert.Equal("choice {1, 0.5, 0.25}", new ChoiceDistribution([1, 0.5, 0.25]).ToString());
        Assert.Equal("power2 [1, 32]", new Power2Distribution(1, 32).Describe());
        Assert.Equal("power2_or_log [8, 128] q 8", new Power2OrLogDistribution(8, 128, 8).Describe());
        Assert.Equal("fixed 1", new FixedDistribution(1).Describe());
    }

    [Fact]
    public void MultipleChecks()
    {
        Assert.True(new LogUniformDistribution(8, 256, 8).IsMultipleOf(8));
        Assert.False(new LogUniformDistribution(8, 256, 4).IsMultipleOf(8));
        Assert.True(new Power2OrLogDistribution(8, 128, 8).IsMultipleOf(8));
        Assert.False(new Power2OrLogDistribution(1, 128, 8).IsMultipleOf(8));
        Assert.True(new Power2OrLogDistribution(1, 128, 8).IsMultipleOf(1));
        Assert.False(new LogUniformDistribution(8, 256, 0.1).IsMultipleOf(1));
        Assert.True(new ChoiceDistribution([8, 16, 24]).IsMultipleOf(8));
    }
}
