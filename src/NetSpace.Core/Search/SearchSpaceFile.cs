using System.Text.Json;
using NetSpace.Serialization;
using NetSpace.Specs;

namespace NetSpace.Search;

/// <summary>Reads search-space JSON files (snake_case; unknown fields rejected; errors name file, line and field).</summary>
public static class SearchSpaceFile
{
    /// <summary>Reads and compiles a space.</summary>
    /// <exception cref="SpecFormatException">Not JSON, or a field of the wrong type or unknown (file, line, path).</exception>
    /// <exception cref="SpecValidationException">A field's value is invalid (file and field).</exception>
    public static SearchSpace Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: search space file not found", path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and compiles a space from JSON text.</summary>
    public static SearchSpace Parse(string json, string source = "<input>")
    {
        SearchSpaceSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<SearchSpaceSpec>(json, SpecJson.Options);
        }
        catch (JsonException ex)
        {
            string where = ex.LineNumber is long line ? $"line {line + 1}" : "?";
            string at = string.IsNullOrEmpty(ex.Path) ? string.Empty : $" at {ex.Path}";
            throw new SpecFormatException($"{source}: {where}{at}: {ex.Message.Split(" Path:", 2)[0]}", ex);
        }

        if (spec is null)
        {
            throw new SpecFormatException($"{source}: expected a JSON object describing a search space");
        }

        try
        {
            return new SearchSpace(spec);
        }
        catch (SpecValidationException ex)
        {
            throw SpecValidationException.InSource(source, ex);
        }
    }
}
