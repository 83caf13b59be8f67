namespace NetSpace.DesignSpaces;

/// <summary>A space name that is neither a built-in space nor an existing file; the message lists close matches.</summary>
public sealed class UnknownDesignSpaceException : Exception
{
    /// <summary>Creates the exception for a name and its suggestions.</summary>
    public UnknownDesignSpaceException(string name, IReadOnlyList<string> suggestions)
        : base($"unknown design space '{name}'"
            + (suggestions.Count > 0 ? $"; did you mean {string.Join(", ", suggestions)}?" : string.Empty)
            + $" (built-in: {string.Join(", ", DesignSpaceCatalog.Names)}; or give a space JSON file)")
    {
        Name = name;
        Suggestions = suggestions;
    }

    /// <summary>Creates the exception.</summary>
    public UnknownDesignSpaceException()
    {
        Name = string.Empty;
        Suggestions = [];
    }

    /// <summary>Creates the exception with a message.</summary>
    public UnknownDesignSpaceException(string message)
        : base(message)
    {
        Name = string.Empty;
        Suggestions = [];
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public UnknownDesignSpaceException(string message, Exception innerException)
        : base(message, innerException)
    {
        Name = string.Empty;
        Suggestions = [];
    }

    /// <summary>The name asked for.</summary>
    public string Name { get; }

    /// <summary>Close built-in names.</summary>
    public IReadOnlyList<string> Suggestions { get; }
}
