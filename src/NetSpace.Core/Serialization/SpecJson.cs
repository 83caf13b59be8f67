using System.Text.Json;
using System.Text.Json.Serialization;
using NetSpace.Specs;

namespace NetSpace.Serialization;

/// <summary>
/// JSON for specs and everything else NetSpace stores: snake_case names, enums as lower-case
/// strings, unknown fields rejected (a misspelt field must not silently fall back to a default).
/// </summary>
public static class SpecJson
{
    /// <summary>Options used for every NetSpace JSON document.</summary>
    public static readonly JsonSerializerOptions Options = CreateOptions(indented: true);

    /// <summary>The same options without indentation (one object per line).</summary>
    public static readonly JsonSerializerOptions CompactOptions = CreateOptions(indented: false);

    /// <summary>Serialises a value with <see cref="Options"/>.</summary>
    public static string Serialize<T>(T value, bool indented = true) =>
        JsonSerializer.Serialize(value, indented ? Options : CompactOptions);

    /// <summary>
    /// Parses and validates a network spec. Errors name the source, the line and the JSON path
    /// (<see cref="SpecFormatException"/>) or the invalid field (<see cref="SpecValidationException"/>).
    /// </summary>
    public static NetworkSpec DeserializeSpec(string json, string source = "<input>")
    {
        NetworkSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<NetworkSpec>(json, Options);
        }
        catch (JsonException ex)
        {
            string where = ex.LineNumber is long line ? $"line {line + 1}" : "?";
            string path = string.IsNullOrEmpty(ex.Path) ? string.Empty : $" at {ex.Path}";
            string reason = JsonErrorText.Describe(ex);
            throw new SpecFormatException($"{source}: {where}{path}: {reason}", ex);
        }

        if (spec is null)
        {
            throw new SpecFormatException($"{source}: expected a JSON object describing a network, found null");
        }

        try
        {
            SpecValidator.Validate(spec);
        }
        catch (SpecValidationException ex)
        {
            throw new SpecValidationException(ex.Field, $"{source}: {ex.Message}");
        }

        return spec;
    }

    /// <summary>Reads and validates a spec file.</summary>
    public static NetworkSpec ReadSpecFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new SpecFormatException($"{path}: file not found");
        }

        return DeserializeSpec(File.ReadAllText(path), path);
    }

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = indented,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
