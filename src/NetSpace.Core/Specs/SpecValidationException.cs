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

    private SpecValidationException(string field, string message, Exception innerException)
        : base(message, innerException)
    {
        Field = field;
    }

    /// <summary>The same error prefixed with the file (or other source) it was found in; the field is kept.</summary>
    public static SpecValidationException InSource(string source, SpecValidationException inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new SpecValidationException(inner.Field, $"{source}: {inner.Message}", inner);
    }

    /// <summary>The JSON-style path of the invalid field, e.g. <c>stages[2].group_width</c>.</summary>
    public string Field { get; }
}
