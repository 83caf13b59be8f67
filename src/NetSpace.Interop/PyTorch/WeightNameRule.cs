namespace NetSpace.Interop.PyTorch;

/// <summary>
/// One row of a name map: a NetSpace module path and the other library's module path for the same layer. Patterns may
/// hold <c>{s}</c> (stage index from 0) and <c>{b}</c> (block index in the stage from 0); the other side may also use
/// <c>{s+1}</c>, <c>{b+1}</c> and <c>{n+1}</c> (number of stages + 1). The parameter name (<c>weight</c>, <c>bias</c>,
/// <c>running_mean</c>, <c>running_var</c>) is the same on both sides.
/// </summary>
/// <param name="NetSpace">NetSpace module path, e.g. <c>stages.{s}.{b}.a_bn</c>.</param>
/// <param name="External">The other library's module path, e.g. <c>trunk_output.block{s+1}.block{s+1}-{b}.f.a.1</c>.</param>
/// <param name="When">Which blocks the rule applies to.</param>
public sealed record WeightNameRule(string NetSpace, string External, BlockCondition When = BlockCondition.Always);
