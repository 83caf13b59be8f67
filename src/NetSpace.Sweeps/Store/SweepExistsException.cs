namespace NetSpace.Sweeps;

/// <summary>A sweep with the requested name already exists in the store.</summary>
public sealed class SweepExistsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SweepExistsException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SweepExistsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying exception.</summary>
    public SweepExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
