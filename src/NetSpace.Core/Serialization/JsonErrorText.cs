using System.Text.Json;
using NetSpace.Text;

namespace NetSpace.Serialization;

/// <summary>
/// Turns System.Text.Json's messages, which name .NET types ("could not be mapped to any .NET member contained in
/// type 'NetSpace.Specs.StageSpec'"), into what a spec author can act on: the JSON field names that are valid at that
/// place, with the closest ones (Levenshtein distance) first as a did-you-mean.
/// </summary>
public static class JsonErrorText
{
    private const string UnmappedPrefix = "The JSON property '";
    private const string UnmappedType = "contained in type '";

    /// <summary>The message of <paramref name="ex"/> in JSON terms (the part before System.Text.Json's " Path: …").</summary>
    public static string Describe(JsonException ex, JsonSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return UnknownField(ex, options) ?? ex.Message.Split(" Path:", 2)[0];
    }

    /// <summary>
    /// For an unknown field: "unknown field 'deptj'; did you mean 'depth'? valid fields: block, depth, …";
    /// null when <paramref name="ex"/> is about something else.
    /// </summary>
    public static string? UnknownField(JsonException ex, JsonSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ex);
        string message = ex.Message;
        if (!message.StartsWith(UnmappedPrefix, StringComparison.Ordinal) || !message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return null;
        }

        int nameEnd = message.IndexOf('\'', UnmappedPrefix.Length);
        if (nameEnd < 0)
        {
            return null;
        }

        string name = message[UnmappedPrefix.Length..nameEnd];
        var valid = ValidFields(TypeNamed(message), options ?? SpecJson.Options);
        if (valid.Count == 0)
        {
            return $"unknown field '{name}'";
        }

        var close = NameSuggester.Suggest(name, valid);
        string suggestion = close.Count == 0 ? ";" : $"; did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?";
        return $"unknown field '{name}'{suggestion} valid fields here: {string.Join(", ", valid)}";
    }

    /// <summary>The JSON names of the fields <paramref name="type"/> accepts under <paramref name="options"/> (empty when unknown).</summary>
    public static IReadOnlyList<string> ValidFields(Type? type, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (type is null)
        {
            return [];
        }

        try
        {
            return options.GetTypeInfo(type).Properties.Where(p => p.Set is not null).Select(p => p.Name).ToArray();
        }
        catch (NotSupportedException)
        {
            return [];
        }
        catch (InvalidOperationException)
        {
            return [];
        }
    }

    private static Type? TypeNamed(string message)
    {
        int start = message.IndexOf(UnmappedType, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += UnmappedType.Length;
        int end = message.IndexOf('\'', start);
        if (end < 0)
        {
            return null;
        }

        string typeName = message[start..end];
        return typeof(JsonErrorText).Assembly.GetType(typeName)
            ?? AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(typeName)).FirstOrDefault(t => t is not null);
    }
}
