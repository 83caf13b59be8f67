using NetSpace.Specs;
using NetSpace.Zoo;

namespace NetSpace.Tests;

public class RegNetGeneratorTests
{
    [Fact]
    public void RegNetX400MfQuantizedWidthsThenCompatibility()
    {
        // Paper/pycls: quantized widths [24, 64, 152, 392]; with g = 16 they become [32, 64, 160, 384].
        var w = RegNetGenerator.Widths(24.48, 24, 2.54, 22);
        Assert.Equal([24, 64, 152, 392], w.StageWidths);
        Assert.Equal([1, 2, 7, 12], w.StageDepths);
        Assert.Equal(22, w.BlockWidths.Length);
        Assert.Equal(4, w.TotalStages);

        var spec = ModelZoo.Get("regnetx-400mf");
        Assert.Equal([32, 64, 160, 384], spec.Stages.Select(s => s.Width));
        Assert.Equal([1, 2, 7, 12], spec.Stages.Select(s => s.Depth));
        Assert.All(spec.Stages, s => Assert.Equal(16, s.GroupWidth));
    }

    [Fact]
    public void CompatibilityShrinksGroupWidthToWidthAndUsesLcmWithBottleneck()
    {
        var (ws, _, gs) = RegNetGenerator.AdjustBlockCompatibility([24, 48], [1.0, 1.0], [32, 16]);
        Assert.Equal([24, 48], ws);
        Assert.Equal([24, 16], gs);

        // b = 2: v = 48·2 = 96, m = lcm(24, 2) = 24, v = round(96/24)·24 = 96, w = 48.
        var (ws2, _, gs2) = RegNetGenerator.AdjustBlockCompatibility([48], [2.0], [24]);
        Assert.Equal([48], ws2);
        Assert.Equal([24], gs2);

        // b = 0.25: v = int(100·0.25) = 25, g = 8, round(25/8) = 3 → v = 24, w = int(24/0.25) = 96.
        var (ws3, _, gs3) = RegNetGenerator.AdjustBlockCompatibility([100], [0.25], [8]);
        Assert.Equal([96], ws3);
        Assert.Equal([8], gs3);
    }

    [Fact]
    public void RoundingIsHalfToEvenAsPython()
    {
        Assert.Equal(2, PyMath.Round(2.5));
        Assert.Equal(4, PyMath.Round(3.5));
        Assert.Equal(-2, PyMath.Round(-2.5));
        Assert.Equal(2, PyMath.Int(2.99));

        // v = 40, m = 16: 40/16 = 2.5 rounds to 2 (not 3), so w = 32, as pycls's round() gives.
        var (ws, _, _) = RegNetGenerator.AdjustBlockCompatibility([40], [1.0], [16]);
        Assert.Equal([32], ws);
    }

    [Theory]
    [InlineData(0, 24, 24.0, 2.5, 8, "regnet.depth")]
    [InlineData(13, 12, 24.0, 2.5, 8, "regnet.w0")]
    [InlineData(13, 0, 24.0, 2.5, 8, "regnet.w0")]
    [InlineData(13, 24, -1.0, 2.5, 8, "regnet.wa")]
    [InlineData(13, 24, 24.0, 1.0, 8, "regnet.wm")]
    [InlineData(13, 24, 24.0, 2.5, 0, "regnet.group_width")]
    public void InvalidParametersAreRejectedByName(int d, int w0, double wa, double wm, int g, string field)
    {
        var p = new RegNetParameters { Depth = d, W0 = w0, Wa = wa, Wm = wm, GroupWidth = g };
        var ex = Assert.Throws<SpecValidationException>(() => RegNetGenerator.ToSpec(p));
        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void ZeroSlopeGivesOneStage()
    {
        var spec = RegNetGenerator.ToSpec(new RegNetParameters { Depth = 5, W0 = 32, Wa = 0, Wm = 2, GroupWidth = 8 });
        Assert.Single(spec.Stages);
        Assert.Equal(5, spec.Stages[0].Depth);
    }

    [Fact]
    public void SeRatioMakesYBlocks()
    {
        var y = ModelZoo.Get("regnety-200mf");
        Assert.All(y.Stages, s => Assert.Equal(BlockType.Y, s.Block));
        Assert.All(y.Stages, s => Assert.Equal(0.25, s.SeRatio));
        Assert.Equal(0.25, y.RegNet!.SeRatio);
    }
}
