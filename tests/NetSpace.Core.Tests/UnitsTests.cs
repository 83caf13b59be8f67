using NetSpace.Text;

namespace NetSpace.Tests;

public class UnitsTests
{
    [Theory]
    [InlineData(199_040_872L, "199MF")]
    [InlineData(397_678_568L, "398MF")]
    [InlineData(1_602_850_792L, "1.60GF")]
    [InlineData(31_700_000_000L, "31.7GF")]
    [InlineData(385_000L, "385KF")]
    [InlineData(999_600_000L, "1.00GF")]
    [InlineData(512L, "512F")]
    public void Flops(long value, string expected) => Assert.Equal(expected, Units.Flops(value));

    [Theory]
    [InlineData(5_157_512L, "5.16M")]
    [InlineData(25_557_032L, "25.6M")]
    [InlineData(107_811_560L, "108M")]
    [InlineData(928L, "928")]
    [InlineData(1000L, "1.00K")]
    [InlineData(0L, "0")]
    public void Count(long value, string expected) => Assert.Equal(expected, Units.Count(value));

    [Fact]
    public void ExactUsesThousandsSeparators() => Assert.Equal("5,157,512", Units.Exact(5_157_512));

    [Theory]
    [InlineData(0.25, "0.25")]
    [InlineData(1.0, "1")]
    [InlineData(24.48, "24.48")]
    public void Decimal(double value, string expected) => Assert.Equal(expected, Units.Decimal(value));
}
