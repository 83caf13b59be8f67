namespace NetSpace.Torch.Interop;

/// <summary>How far a network's logits are from reference logits on the reference input.</summary>
/// <param name="Shape">Shape of the logits.</param>
/// <param name="MaxAbsDelta">max |NetSpace − reference|.</param>
/// <param name="LogitScale">max |reference|.</param>
public sealed record LogitCheckResult(IReadOnlyList<long> Shape, double MaxAbsDelta, double LogitScale)
{
    /// <summary>max |Δ| relative to the logit scale (the figure compared with the tolerance).</summary>
    public double RelativeDelta => LogitScale > 0 ? MaxAbsDelta / LogitScale : MaxAbsDelta;
}
