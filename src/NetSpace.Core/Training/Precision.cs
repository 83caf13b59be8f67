namespace NetSpace.Training;

/// <summary>
/// The number format a network computes in while it trains or infers. Weights, their gradients, the optimizer's
/// state, BN statistics, the loss and checkpoints stay float32 either way.
/// </summary>
public enum Precision
{
    /// <summary>float32 everywhere (pycls's setting).</summary>
    Fp32,

    /// <summary>
    /// Mixed precision in bfloat16: activations are bfloat16, each conv runs on a bfloat16 copy of its float32
    /// weights (made in the forward pass, so gradients reach the float32 weights), BN keeps float32 parameters and
    /// statistics, and the outputs return to float32 before the loss — what <c>torch.autocast("cpu", torch.bfloat16)</c>
    /// does for these networks. About 1.6× faster on a CPU with native bfloat16 (AVX-512 BF16, AMX).
    /// </summary>
    Bf16,
}
