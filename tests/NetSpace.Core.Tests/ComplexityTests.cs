using NetSpace.Complexity;
using NetSpace.Specs;
using NetSpace.Zoo;

namespace NetSpace.Tests;

public class ComplexityTests
{
    [Theory]
    // Reference integers from pycls (224 px, 1000 classes).
    [InlineData("regnetx-200mf", 199_040_872L, 2_684_792L, 2_164_056L)]
    [InlineData("regnety-200mf", 199_519_076L, 3_162_996L, 2_168_052L)]
    [InlineData("efficientnet-b0", 385_825_092L, 5_288_548L, 6_748_036L)]
    public void ZooModelsMatchPyclsExactly(string name, long flops, long parameters, long acts)
    {
        var cx = NetworkComplexity.Measure(ModelZoo.Get(name));
        Assert.Equal(new ModelComplexity(flops, parameters, acts), cx);
    }

    [Fact]
    public void ResNet50HasTorchvisionParameterCount()
    {
        var cx = NetworkComplexity.Measure(ModelZoo.Get("resnet-50"));
        Assert.Equal(25_557_032L, cx.Params);
        // torchvision reports 4.09 GMACs for resnet50 at 224 px.
        Assert.InRange(cx.Flops, 4_080_000_000L, 4_120_000_000L);
    }

    [Fact]
    public void ConvFollowsPyclsFormula()
    {
        var cx = new ComplexityCounter(7, 7);
        cx.Conv(4, 8, 3, stride: 2, groups: 2, bias: true);
        // h' = (7-1)//2+1 = 4; flops = 9*4*8*16/2 + 8*16; params = 9*4*8/2 + 8; acts = 8*16.
        Assert.Equal((4, 4), (cx.Height, cx.Width));
        Assert.Equal(new ModelComplexity((9 * 4 * 8 * 16 / 2) + 128, (9 * 4 * 8 / 2) + 8, 128), cx.Total);
    }

    [Fact]
    public void BreakdownSumsToTotal()
    {
        var d = NetworkComplexity.MeasureDetailed(ModelZoo.Get("regnety-800mf"));
        var sum = d.Stem + d.Head;
        foreach (var s in d.Stages)
        {
            sum += s;
        }

        Assert.Equal(d.Total, sum);
        Assert.Equal([56, 28, 14, 7], d.StageOutputSizes);
    }

    [Fact]
    public void SmallStemRetargetShrinksFlops()
    {
        var big = ModelZoo.Get("regnetx-400mf");
        var small = big.Retarget(size: 28, channels: 1, classes: 10, stem: StemType.Small);
        var cx = NetworkComplexity.Measure(small);
        Assert.True(cx.Flops < NetworkComplexity.Measure(big).Flops);
        Assert.Equal(28, small.Input.Size);
        Assert.Equal(10, small.Head.Classes);
    }
}
