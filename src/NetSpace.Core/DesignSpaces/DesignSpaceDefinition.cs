using System.Text.Json;
using System.Text.Json.Serialization;
using NetSpace.Serialization;

namespace NetSpace.DesignSpaces;

/// <summary>
/// A design space as written in a JSON file (<c>docs/spaces/*.json</c>): name, description, template,
/// exactly one of <c>anynet</c> (per-stage distributions, sharing, monotonicity) or <c>regnet</c>
/// (RegNet parameter distributions), and optional complexity windows. Built-in spaces are definitions too,
/// so <c>netspace space show NAME --json</c> prints a file that loads back into the same space.
/// </summary>
public sealed record DesignSpaceDefinition
{
    /// <summary>Name (default for a file: its name without extension).</summary>
    public string? Name { get; init; }

    /// <summary>One line describing the space.</summary>
    public string? Description { get; init; }

    /// <summary>What every network of the space shares.</summary>
    public SpaceTemplate? Template { get; init; } = new();

    /// <summary>AnyNet-style per-stage distributions (exclusive with <see cref="RegNet"/>).</summary>
    [JsonPropertyName("anynet")]
    public AnyNetDistributions? AnyNet { get; init; }

    /// <summary>RegNet parameter distributions (exclusive with <see cref="AnyNet"/>).</summary>
    [JsonPropertyName("regnet")]
    public RegNetDistributions? RegNet { get; init; }

    /// <summary>Default complexity windows for sampling.</summary>
    public SpaceConstraintWindows? Constraints { get; init; }

    /// <summary>
    /// Parses and checks a space document. Errors are one <see cref="SpecFormatException"/> naming
    /// <paramref name="source"/>, the line and the field, e.g.
    /// <c>space.json: line 9 at $.anynet.width: log_uniform: low 4 and high 1024 must be multiples of the quantum 8</c>.
    /// </summary>
    public static DesignSpaceDefinition Parse(string json, string source = "<input>")
    {
        ArgumentNullException.ThrowIfNull(json);
        DesignSpaceDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize<DesignSpaceDefinition>(json, SpecJson.Options);
        }
        catch (JsonException ex)
        {
            string where = ex.LineNumber is long line ? $"line {line + 1}" : "?";
            string path = string.IsNullOrEmpty(ex.Path) ? string.Empty : $" at {ex.Path}";
            throw new SpecFormatException($"{source}: {where}{path}: {Reason(ex)}", ex);
        }

        if (definition is null)
        {
            throw new SpecFormatException($"{source}: expected a JSON object describing a design space, found null");
        }

        if (DesignSpaceValidator.Check(definition) is { } problem)
        {
            int? line = JsonLineIndex.Build(json).LineOf(problem.Path);
            throw new SpecFormatException(line is int l
                ? $"{source}: line {l} at {problem.Path}: {problem.Message}"
                : $"{source}: {problem.Path}: {problem.Message}");
        }

        return definition;
    }

    /// <summary>Reads and checks a space file; a missing <c>name</c> becomes the file name without extension.</summary>
    public static DesignSpaceDefinition Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new SpecFormatException($"{path}: file not found");
        }

        var definition = Parse(File.ReadAllText(path), path);
        return definition.Name is null ? definition with { Name = Path.GetFileNameWithoutExtension(path) } : definition;
    }

    /// <summary>The definition as a space file (snake_case, one distribution object per parameter).</summary>
    public string ToJson(bool indented = true) => SpecJson.Serialize(this, indented);

    private static string Reason(JsonException ex)
    {
        if (JsonErrorText.UnknownField(ex) is { } unknown)
        {
            return unknown;
        }

        string reason = ex.Message.Split(" Path:", 2)[0];

        // "The JSON property 'foo' could not be mapped to any .NET member contained in type '...'."
        const string prefix = "The JSON property '";
        if (reason.StartsWith(prefix, StringComparison.Ordinal) && reason.Contains("could not be mapped", StringComparison.Ordinal))
        {
            string name = reason[prefix.Length..reason.IndexOf('\'', prefix.Length)];
            return $"unknown field '{name}'";
        }

        // "The JSON value could not be converted to NetSpace.Specs.StemType." names a .NET type; say what is expected.
        const string converted = "could not be converted to ";
        int at = reason.IndexOf(converted, StringComparison.Ordinal);
        if (at >= 0)
        {
            string typeName = reason[(at + converted.Length)..].TrimEnd('.');
            return $"invalid value; expected {Expected(typeName)}";
        }

        return reason;
    }

    private static string Expected(string typeName)
    {
        string bare = typeName.EndsWith("[]", StringComparison.Ordinal) ? typeName[..^2] : typeName;
        var type = Type.GetType(bare) ?? typeof(DesignSpaceDefinition).Assembly.GetType(bare);
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        if (type is { IsEnum: true })
        {
            var names = Enum.GetValues(type).Cast<object>().Select(v => SpecJson.Serialize(v, indented: false).Trim('"'));
            return "one of " + string.Join(", ", names);
        }

        return type switch
        {
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(double) => "a number",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(string) => "a string",
            _ => "an object of the documented shape",
        };
    }
}
