namespace NetSpace.Specs;

/// <summary>A spec or parameter set is invalid; <see cref="Field"/> names the offending field.</summary>
public sealed class SpecValidationException : Exception
{
    /// <summary>Creates the exception for one field.</summary>
    public SpecValidationException(string field, string message)
        : base($"{field}: {message}")
    {
        Field = field;
    }

    /// <summary>Creates the exception without a field.</summary>
    public SpecValidationException()
    {
        Field = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    public SpecValidationException(string message)
        : base(message)
    {
        Field = string.Empty;
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public SpecValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Field = string.Empty;
    }

    /// <summary>The JSON-style path of the invalid field, e.g. <c>stages[2].group_width</c>.</summary>
    public string Field { get; }
}
