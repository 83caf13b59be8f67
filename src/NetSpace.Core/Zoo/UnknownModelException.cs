namespace NetSpace.Zoo;

/// <summary>A model name that is not in the zoo; the message lists close matches.</summary>
public sealed class UnknownModelException : Exception
{
    /// <summary>Creates the exception for a name and its suggestions.</summary>
    public UnknownModelException(string name, IReadOnlyList<string> suggestions)
        : base($"unknown model '{name}'" + (suggestions.Count > 0 ? $"; did you mean {string.Join(", ", suggestions)}?" : "; see 'netspace models list'"))
    {
        Name = name;
        Suggestions = suggestions;
    }

    /// <summary>Creates the exception.</summary>
    public UnknownModelException()
    {
        Name = string.Empty;
        Suggestions = [];
    }

    /// <summary>Creates the exception with a message.</summary>
    public UnknownModelException(string message)
        : base(message)
    {
        Name = string.Empty;
        Suggestions = [];
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public UnknownModelException(string message, Exception innerException)
        : base(message, innerException)
    {
        Name = string.Empty;
        Suggestions = [];
    }

    /// <summary>The name asked for.</summary>
    public string Name { get; }

    /// <summary>Close registry names.</summary>
    public IReadOnlyList<string> Suggestions { get; }
}
