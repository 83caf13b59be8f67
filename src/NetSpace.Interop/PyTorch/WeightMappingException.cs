namespace NetSpace.Interop.PyTorch;

/// <summary>
/// Weights that do not fit a network: a missing, unexpected or mis-shaped tensor, or an architecture the other
/// library cannot express. The message names the tensor and both shapes. Derives from <see cref="IOException"/>
/// (a problem with an input file), which the CLI reports as bad input (exit code 2).
/// </summary>
public sealed class WeightMappingException : IOException
{
    /// <summary>Creates the exception.</summary>
    public WeightMappingException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public WeightMappingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public WeightMappingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
