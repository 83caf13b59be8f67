namespace NetSpace.Torch.Modules;

/// <summary>A block whose output adds its input: its last BN scale can start at zero so the block starts as the identity.</summary>
public interface IResidualBlock
{
    /// <summary>
    /// Sets the γ of the block's last BN to zero (Goyal et al. 2017; pycls <c>BN.ZERO_INIT_FINAL_GAMMA</c>).
    /// Blocks without a skip connection do nothing.
    /// </summary>
    void ZeroInitFinalNorm();
}
