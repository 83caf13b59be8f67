namespace NetSpace.Sweeps;

/// <summary>No sweep of the requested name is in the store.</summary>
public sealed class SweepNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SweepNotFoundException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SweepNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying exception.</summary>
    public SweepNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
