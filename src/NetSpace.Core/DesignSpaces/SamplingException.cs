namespace NetSpace.DesignSpaces;

/// <summary>Sampling could not find enough models under the constraints within the allowed number of draws.</summary>
public sealed class SamplingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SamplingException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SamplingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public SamplingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
