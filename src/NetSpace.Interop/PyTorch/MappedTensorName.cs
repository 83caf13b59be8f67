namespace NetSpace.Interop.PyTorch;

/// <summary>One tensor's name on both sides of a map.</summary>
/// <param name="NetSpace">Name in NetSpace's state dict, e.g. <c>stages.0.0.a_bn.running_mean</c>.</param>
/// <param name="External">Name in the other library's state dict.</param>
public sealed record MappedTensorName(string NetSpace, string External);
