namespace NetSpace.Interop.PyTorch;

/// <summary>
/// The name maps, one table per family and convention, as data. Sources: torchvision 0.14
/// (<c>models/regnet.py</c>, <c>efficientnet.py</c>, <c>resnet.py</c>; checked by loading real state dicts in the
/// tests) and timm (<c>models/regnet.py</c> <c>Bottleneck</c>/<c>RegStage</c> and its torchvision-weights remapping,
/// <c>_efficientnet_blocks.py</c> <c>DepthwiseSeparableConv</c>/<c>InvertedResidual</c>/<c>SqueezeExcite</c>,
/// <c>resnet.py</c>, whose names equal torchvision's).
/// </summary>
public static class WeightNameMaps
{
    /// <summary>torchvision <c>RegNet</c>: <c>stem.0</c>, <c>trunk_output.blockS.blockS-B.{proj,f.a,f.b,f.se,f.c}</c>, <c>fc</c>.</summary>
    public static readonly WeightNameMap TorchvisionRegNet = new(WeightConvention.Torchvision, WeightFamily.RegNet,
    [
        new("stem.conv", "stem.0"),
        new("stem.bn", "stem.1"),
        new("stages.{s}.{b}.proj", "trunk_output.block{s+1}.block{s+1}-{b}.proj.0"),
        new("stages.{s}.{b}.bn", "trunk_output.block{s+1}.block{s+1}-{b}.proj.1"),
        new("stages.{s}.{b}.a", "trunk_output.block{s+1}.block{s+1}-{b}.f.a.0"),
        new("stages.{s}.{b}.a_bn", "trunk_output.block{s+1}.block{s+1}-{b}.f.a.1"),
        new("stages.{s}.{b}.b", "trunk_output.block{s+1}.block{s+1}-{b}.f.b.0"),
        new("stages.{s}.{b}.b_bn", "trunk_output.block{s+1}.block{s+1}-{b}.f.b.1"),
        new("stages.{s}.{b}.se.f_ex.0", "trunk_output.block{s+1}.block{s+1}-{b}.f.se.fc1"),
        new("stages.{s}.{b}.se.f_ex.2", "trunk_output.block{s+1}.block{s+1}-{b}.f.se.fc2"),
        new("stages.{s}.{b}.c", "trunk_output.block{s+1}.block{s+1}-{b}.f.c.0"),
        new("stages.{s}.{b}.c_bn", "trunk_output.block{s+1}.block{s+1}-{b}.f.c.1"),
        new("head.fc", "fc"),
    ]);

    /// <summary>
    /// torchvision <c>EfficientNet</c>: <c>features.0</c> stem, <c>features.S.B.block.I</c> with I counting
    /// [expand,] depthwise, SE, project; <c>features.N+1</c> head conv; <c>classifier.1</c>.
    /// </summary>
    public static readonly WeightNameMap TorchvisionEfficientNet = new(WeightConvention.Torchvision, WeightFamily.EfficientNet,
    [
        new("stem.conv", "features.0.0"),
        new("stem.bn", "features.0.1"),
        new("stages.{s}.{b}.exp", "features.{s+1}.{b}.block.0.0", BlockCondition.Expanded),
        new("stages.{s}.{b}.exp_bn", "features.{s+1}.{b}.block.0.1", BlockCondition.Expanded),
        new("stages.{s}.{b}.dwise", "features.{s+1}.{b}.block.1.0", BlockCondition.Expanded),
        new("stages.{s}.{b}.dwise_bn", "features.{s+1}.{b}.block.1.1", BlockCondition.Expanded),
        new("stages.{s}.{b}.se.f_ex.0", "features.{s+1}.{b}.block.2.fc1", BlockCondition.Expanded),
        new("stages.{s}.{b}.se.f_ex.2", "features.{s+1}.{b}.block.2.fc2", BlockCondition.Expanded),
        new("stages.{s}.{b}.lin_proj", "features.{s+1}.{b}.block.3.0", BlockCondition.Expanded),
        new("stages.{s}.{b}.lin_proj_bn", "features.{s+1}.{b}.block.3.1", BlockCondition.Expanded),
        new("stages.{s}.{b}.dwise", "features.{s+1}.{b}.block.0.0", BlockCondition.NotExpanded),
        new("stages.{s}.{b}.dwise_bn", "features.{s+1}.{b}.block.0.1", BlockCondition.NotExpanded),
        new("stages.{s}.{b}.se.f_ex.0", "features.{s+1}.{b}.block.1.fc1", BlockCondition.NotExpanded),
        new("stages.{s}.{b}.se.f_ex.2", "features.{s+1}.{b}.block.1.fc2", BlockCondition.NotExpanded),
        new("stages.{s}.{b}.lin_proj", "features.{s+1}.{b}.block.2.0", BlockCondition.NotExpanded),
        new("stages.{s}.{b}.lin_proj_bn", "features.{s+1}.{b}.block.2.1", BlockCondition.NotExpanded),
        new("head.conv", "features.{n+1}.0"),
        new("head.conv_bn", "features.{n+1}.1"),
        new("head.fc", "classifier.1"),
    ]);

    /// <summary>torchvision <c>ResNet</c> with <c>Bottleneck</c> blocks: <c>conv1</c>, <c>bn1</c>, <c>layerS.B.*</c>, <c>fc</c>.</summary>
    public static readonly WeightNameMap TorchvisionResNet = new(WeightConvention.Torchvision, WeightFamily.ResNet, ResNetRules);

    /// <summary>timm <c>RegNet</c>: <c>stem.conv</c>, <c>sS.bB.{conv1,conv2,se,conv3,downsample}</c> (both from 1), <c>head.fc</c>.</summary>
    public static readonly WeightNameMap TimmRegNet = new(WeightConvention.Timm, WeightFamily.RegNet,
    [
        new("stem.conv", "stem.conv"),
        new("stem.bn", "stem.bn"),
        new("stages.{s}.{b}.proj", "s{s+1}.b{b+1}.downsample.conv"),
        new("stages.{s}.{b}.bn", "s{s+1}.b{b+1}.downsample.bn"),
        new("stages.{s}.{b}.a", "s{s+1}.b{b+1}.conv1.conv"),
        new("stages.{s}.{b}.a_bn", "s{s+1}.b{b+1}.conv1.bn"),
        new("stages.{s}.{b}.b", "s{s+1}.b{b+1}.conv2.conv"),
        new("stages.{s}.{b}.b_bn", "s{s+1}.b{b+1}.conv2.bn"),
        new("stages.{s}.{b}.se.f_ex.0", "s{s+1}.b{b+1}.se.fc1"),
        new("stages.{s}.{b}.se.f_ex.2", "s{s+1}.b{b+1}.se.fc2"),
        new("stages.{s}.{b}.c", "s{s+1}.b{b+1}.conv3.conv"),
        new("stages.{s}.{b}.c_bn", "s{s+1}.b{b+1}.conv3.bn"),
        new("head.fc", "head.fc"),
    ]);

    /// <summary>
    /// timm <c>EfficientNet</c>: <c>conv_stem</c>, <c>bn1</c>, <c>blocks.S.B</c> (a <c>DepthwiseSeparableConv</c> where
    /// the expansion is 1, an <c>InvertedResidual</c> otherwise), <c>conv_head</c>, <c>bn2</c>, <c>classifier</c>.
    /// </summary>
    public static readonly WeightNameMap TimmEfficientNet = new(WeightConvention.Timm, WeightFamily.EfficientNet,
    [
        new("stem.conv", "conv_stem"),
        new("stem.bn", "bn1"),
        new("stages.{s}.{b}.exp", "blocks.{s}.{b}.conv_pw", BlockCondition.Expanded),
        new("stages.{s}.{b}.exp_bn", "blocks.{s}.{b}.bn1", BlockCondition.Expanded),
        new("stages.{s}.{b}.dwise", "blocks.{s}.{b}.conv_dw", BlockCondition.Expanded),
        new("stages.{s}.{b}.dwise_bn", "blocks.{s}.{b}.bn2", BlockCondition.Expanded),
        new("stages.{s}.{b}.lin_proj", "blocks.{s}.{b}.conv_pwl", BlockCondition.Expanded),
        new("stages.{s}.{b}.lin_proj_bn", "blocks.{s}.{b}.bn3", BlockCondition.Expanded),
        new("stages.{s}.{b}.dwise", "blocks.{s}.{b}.conv_dw", BlockCondition.NotExpanded),
        new("stages.{s}.{b}.dwise_bn", "blocks.{s}.{b}.bn1", BlockCondition.NotExpanded),
        new("stages.{s}.{b}.lin_proj", "blocks.{s}.{b}.conv_pw", BlockCondition.NotExpanded),
        new("stages.{s}.{b}.lin_proj_bn", "blocks.{s}.{b}.bn2", BlockCondition.NotExpanded),
        new("stages.{s}.{b}.se.f_ex.0", "blocks.{s}.{b}.se.conv_reduce"),
        new("stages.{s}.{b}.se.f_ex.2", "blocks.{s}.{b}.se.conv_expand"),
        new("head.conv", "conv_head"),
        new("head.conv_bn", "bn2"),
        new("head.fc", "classifier"),
    ]);

    /// <summary>timm <c>ResNet</c>: the same names as torchvision's.</summary>
    public static readonly WeightNameMap TimmResNet = new(WeightConvention.Timm, WeightFamily.ResNet, ResNetRules);

    /// <summary>Every map.</summary>
    public static IReadOnlyList<WeightNameMap> All => [TorchvisionRegNet, TorchvisionEfficientNet, TorchvisionResNet, TimmRegNet, TimmEfficientNet, TimmResNet];

    /// <summary>The map of a convention and family.</summary>
    public static WeightNameMap For(WeightConvention convention, WeightFamily family) =>
        All.First(m => m.Convention == convention && m.Family == family);

    private static WeightNameRule[] ResNetRules =>
    [
        new("stem.conv", "conv1"),
        new("stem.bn", "bn1"),
        new("stages.{s}.{b}.a", "layer{s+1}.{b}.conv1"),
        new("stages.{s}.{b}.a_bn", "layer{s+1}.{b}.bn1"),
        new("stages.{s}.{b}.b", "layer{s+1}.{b}.conv2"),
        new("stages.{s}.{b}.b_bn", "layer{s+1}.{b}.bn2"),
        new("stages.{s}.{b}.c", "layer{s+1}.{b}.conv3"),
        new("stages.{s}.{b}.c_bn", "layer{s+1}.{b}.bn3"),
        new("stages.{s}.{b}.proj", "layer{s+1}.{b}.downsample.0"),
        new("stages.{s}.{b}.bn", "layer{s+1}.{b}.downsample.1"),
        new("head.fc", "fc"),
    ];
}
