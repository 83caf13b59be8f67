using NetSpace.Complexity;
using NetSpace.Interop.PyTorch;
using NetSpace.Torch.Modules;
using NetSpace.Zoo;

namespace NetSpace.Interop.Tests.PyTorch;

/// <summary>The name tables cover every tensor of every mapped architecture, one-to-one.</summary>
public class NameMapTests
{
    // Parameter counts of torchvision 0.14's own models (sum of p.numel() over model.parameters()).
    [Theory]
    [InlineData("regnet_x_400mf", 5_495_976)]
    [InlineData("regnet_x_800mf", 7_259_656)]
    [InlineData("regnet_x_1_6gf", 9_190_136)]
    [InlineData("regnet_x_3_2gf", 15_296_552)]
    [InlineData("regnet_x_8gf", 39_572_648)]
    [InlineData("regnet_x_16gf", 54_278_536)]
    [InlineData("regnet_x_32gf", 107_811_560)]
    [InlineData("regnet_y_400mf", 4_344_144)]
    [InlineData("regnet_y_800mf", 6_432_512)]
    [InlineData("regnet_y_1_6gf", 11_202_430)]
    [InlineData("regnet_y_3_2gf", 19_436_338)]
    [InlineData("regnet_y_8gf", 39_381_472)]
    [InlineData("regnet_y_16gf", 83_590_140)]
    [InlineData("regnet_y_32gf", 145_046_770)]
    [InlineData("regnet_y_128gf", 644_812_894)] // torchvision's RegNet_Y_128GF_Weights meta["num_params"] (not built here: 2.6 GB)
    [InlineData("efficientnet_b0", 5_288_548)]
    [InlineData("efficientnet_b1", 7_794_184)]
    [InlineData("efficientnet_b2", 9_109_994)]
    [InlineData("efficientnet_b3", 12_233_232)]
    [InlineData("efficientnet_b4", 19_341_616)]
    [InlineData("resnet50", 25_557_032)]
    public void ZooSpecOfEachTorchvisionModelHasItsParameterCount(string name, long parameters)
    {
        var arch = PretrainedArchitectures.Get(WeightConvention.Torchvision, name);
        Assert.Equal(parameters, NetworkComplexity.Measure(ModelZoo.Get(arch.ZooName)).Params);
    }

    [Fact]
    public void PyclsAndTorchvisionRegNetX400MFDiffer()
    {
        Assert.Equal(5_157_512, NetworkComplexity.Measure(ModelZoo.Get("regnetx-400mf")).Params);
        Assert.Equal(5_495_976, NetworkComplexity.Measure(ModelZoo.Get("tv-regnet_x_400mf")).Params);
    }

    public static TheoryData<string, string> Architectures()
    {
        var data = new TheoryData<string, string>();
        foreach (var a in PretrainedArchitectures.All.Where(a => NetworkComplexity.Measure(ModelZoo.Get(a.ZooName)).Params < 30_000_000))
        {
            data.Add(PretrainedArchitectures.Label(a.Convention), a.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void EveryTensorHasOneDistinctName(string convention, string name)
    {
        var c = convention == "timm" ? WeightConvention.Timm : WeightConvention.Torchvision;
        var arch = PretrainedArchitectures.Get(c, name);
        var spec = ModelZoo.Get(arch.ZooName);
        WeightFamilies.CheckRepresentable(spec, c, arch.Family);
        Assert.Equal(arch.Family, WeightFamilies.Detect(spec));
        using var model = new NetworkModule(spec);
        var keys = model.state_dict().Keys.ToList();
        var mapped = WeightNameMapper.Map(spec, keys, WeightNameMaps.For(c, arch.Family));
        Assert.Equal(keys.Count, mapped.Select(m => m.External).Distinct().Count());
    }

    [Fact]
    public void TorchvisionNamesOfRegNetAndEfficientNetBlocksAreTorchvisions()
    {
        var spec = ModelZoo.Get("efficientnet-b0");
        var names = WeightNameMapper.Map(spec, ["stages.0.0.dwise.weight", "stages.1.0.exp_bn.running_var", "stages.1.1.se.f_ex.2.bias", "head.conv.weight", "head.fc.weight"], WeightNameMaps.TorchvisionEfficientNet);
        Assert.Equal(["features.1.0.block.0.0.weight", "features.2.0.block.0.1.running_var", "features.2.1.block.2.fc2.bias", "features.8.0.weight", "classifier.1.weight"], names.Select(n => n.External));
        var timm = WeightNameMapper.Map(spec, ["stages.0.0.lin_proj.weight", "stages.1.0.lin_proj.weight", "stages.6.0.se.f_ex.0.weight"], WeightNameMaps.TimmEfficientNet);
        Assert.Equal(["blocks.0.0.conv_pw.weight", "blocks.1.0.conv_pwl.weight", "blocks.6.0.se.conv_reduce.weight"], timm.Select(n => n.External));
        var regnet = WeightNameMapper.Map(ModelZoo.Get("regnety-400mf"), ["stages.2.3.se.f_ex.0.weight", "stages.0.0.bn.running_mean"], WeightNameMaps.TimmRegNet);
        Assert.Equal(["s3.b4.se.fc1.weight", "s1.b1.downsample.bn.running_mean"], regnet.Select(n => n.External));
    }
}
