using NetSpace.Analysis;
using NetSpace.Complexity;
using NetSpace.Specs;
using NetSpace.Zoo;

namespace NetSpace.Tests.Analysis;

public class DesignParametersTests
{
    private static IEnumerable<double> PerStage(Dictionary<string, DesignParameter> p, string prefix) =>
        Enumerable.Range(1, 4).Select(i => p[$"{prefix}{i}"].Value);

    private static Dictionary<string, DesignParameter> ByName(IReadOnlyList<DesignParameter> ps) => ps.ToDictionary(p => p.Name);

    [Fact]
    public void RegNetModelHasStageRegNetComplexityAndFitParameters()
    {
        var spec = ModelZoo.Get("regnetx-200mf");
        var cx = NetworkComplexity.Measure(spec);
        var ps = DesignParameters.Extract(spec, cx);

        Assert.Equal(
            ["d1", "w1", "b1", "g1", "d2", "w2", "b2", "g2", "d3", "w3", "b3", "g3", "d4", "w4", "b4", "g4", "d", "w",
             "regnet_d", "regnet_w0", "regnet_wa", "regnet_wm", "regnet_g", "regnet_b",
             "flops", "params", "acts", "fit_w0", "fit_wa", "fit_wm", "e_fit"],
            ps.Select(p => p.Name));
        var p = ByName(ps);

        // RegNetX-200MF: stages 24, 56, 152, 368 with depths 1, 1, 4, 7, group width 8, b = 1.
        Assert.Equal([1.0, 1, 4, 7], PerStage(p, "d"));
        Assert.Equal([24.0, 56, 152, 368], PerStage(p, "w"));
        Assert.Equal([8.0, 8, 8, 8], PerStage(p, "g"));
        Assert.Equal([1.0, 1, 1, 1], PerStage(p, "b"));
        Assert.Equal(13, p["d"].Value);
        Assert.Equal(368, p["w"].Value);
        Assert.Equal((13.0, 24.0, 36.44, 2.49), (p["regnet_d"].Value, p["regnet_w0"].Value, p["regnet_wa"].Value, p["regnet_wm"].Value));
        Assert.Equal((double)cx.Flops, p["flops"].Value);
        Assert.Equal((double)cx.Params, p["params"].Value);
        Assert.Equal((double)cx.Acts, p["acts"].Value);

        // The compatibility adjustment leaves 200MF's widths unchanged, so the rule fits them exactly.
        Assert.Equal(0, p["e_fit"].Value);
        Assert.Equal(24, p["fit_w0"].Value);

        Assert.Equal("w4 (stage 4 width)", p["w4"].Label);
        Assert.True(p["w4"].LogScale);
        Assert.True(p["flops"].LogScale);
        Assert.True(p["regnet_wa"].LogScale);
        Assert.False(p["d4"].LogScale);
        Assert.False(p["regnet_wm"].LogScale);
        Assert.False(p["e_fit"].LogScale);
    }

    [Fact]
    public void AnyNetModelHasNoRegNetParametersAndMissingStagesAreEmpty()
    {
        var spec = ModelZoo.Get("resnet-50");
        var p = ByName(DesignParameters.Extract(spec, NetworkComplexity.Measure(spec), stages: 5));
        Assert.DoesNotContain("regnet_w0", p.Keys);
        Assert.Equal(0.25, p["b1"].Value);
        Assert.Equal(64, p["g1"].Value);
        Assert.Equal(0, p["d5"].Value);
        Assert.True(double.IsNaN(p["w5"].Value));
        Assert.Equal(16, p["d"].Value);
        Assert.Equal(2048, p["w"].Value);

        // Widths 256×3, 512×4, 1024×6, 2048×3 are not quantized linear (stage 2 would need 1 + 6t < 2^1.5 and
        // 1 + 7t ≥ 2^1.5 with t < (√2 − 1)/2 from stage 1), so e_fit > 0.
        Assert.True(p["e_fit"].Value > 0);
        var blocks = spec.Stages.SelectMany(s => Enumerable.Repeat(s.Width, s.Depth)).ToArray();
        Assert.Equal(QuantizedLinearFit.Error(blocks, (int)p["fit_w0"].Value, p["fit_wa"].Value, p["fit_wm"].Value), p["e_fit"].Value);
    }

    [Fact]
    public void MoreStagesThanSlotsGetSlotsOfTheirOwn()
    {
        var spec = ModelZoo.Get("resnet-50");
        var names = DesignParameters.Extract(spec, default, stages: 3).Select(p => p.Name).ToArray();
        Assert.Contains("d4", names);
        Assert.Contains("w4", names);
        Assert.DoesNotContain("d5", names);
    }
}
