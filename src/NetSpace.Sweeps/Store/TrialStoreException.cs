namespace NetSpace.Sweeps;

/// <summary>The trial store cannot be opened or used (not a database, newer schema, unreadable file).</summary>
public sealed class TrialStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrialStoreException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public TrialStoreException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying exception.</summary>
    public TrialStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
