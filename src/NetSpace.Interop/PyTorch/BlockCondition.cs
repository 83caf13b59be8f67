namespace NetSpace.Interop.PyTorch;

/// <summary>When a name rule applies to a block (MBConv blocks number their parts differently with and without expansion).</summary>
public enum BlockCondition
{
    /// <summary>Always.</summary>
    Always,

    /// <summary>Only to MBConv blocks with a 1×1 expansion conv (w_exp ≠ w_in).</summary>
    Expanded,

    /// <summary>Only to MBConv blocks without one.</summary>
    NotExpanded,
}
