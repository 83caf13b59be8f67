using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetSpace.DesignSpaces;

/// <summary>
/// Reads and writes <see cref="ParameterDistribution"/> as <c>{"type": ..., ...}</c> (a bare number is a
/// fixed value). Errors are <see cref="JsonException"/>s thrown at the offending token, so the caller's
/// message carries the line and path.
/// </summary>
internal sealed class ParameterDistributionConverter : JsonConverter<ParameterDistribution>
{
    /// <summary>The type names, for messages.</summary>
    public const string TypeNames = "fixed, choice, uniform, log_uniform, power2, power2_or_log";

    /// <inheritdoc />
    public override ParameterDistribution Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            double number = reader.GetDouble();
            return Create(() => new FixedDistribution(number));
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"expected a distribution, e.g. {{\"type\": \"log_uniform\", \"low\": 1, \"high\": 16}}, or a number; found {Token(reader.TokenType)}");
        }

        string? type = null;
        double? value = null, low = null, high = null, quantum = null;
        List<double>? values = null;
        var seen = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            string name = reader.GetString() ?? string.Empty;
            reader.Read();
            seen.Add(name);
            switch (name)
            {
                case "type":
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw new JsonException($"'type' must be a string ({TypeNames}); found {Token(reader.TokenType)}");
                    }

                    type = reader.GetString();
                    break;
                case "value":
                    value = Number(ref reader, name);
                    break;
                case "low":
                    low = Number(ref reader, name);
                    break;
                case "high":
                    high = Number(ref reader, name);
                    break;
                case "quantum":
                    quantum = Number(ref reader, name);
                    break;
                case "values":
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw new JsonException($"'values' must be an array of numbers; found {Token(reader.TokenType)}");
                    }

                    values = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        values.Add(Number(ref reader, "values"));
                    }

                    break;
                default:
                    throw new JsonException($"unknown field '{name}' in a distribution (fields: type, value, values, low, high, quantum)");
            }
        }

        if (type is null)
        {
            throw new JsonException($"a distribution needs a 'type' ({TypeNames})");
        }

        string[] allowed = type switch
        {
            "fixed" => ["type", "value"],
            "choice" => ["type", "values"],
            "uniform" or "log_uniform" or "power2" or "power2_or_log" => ["type", "low", "high", "quantum"],
            _ => throw new JsonException($"unknown distribution type '{type}' (types: {TypeNames})"),
        };
        if (seen.FirstOrDefault(f => !allowed.Contains(f)) is { } extra)
        {
            throw new JsonException($"'{extra}' does not apply to a {type} distribution (fields: {string.Join(", ", allowed)})");
        }

        return type switch
        {
            "fixed" => Create(() => new FixedDistribution(value ?? throw Missing(type, "value"))),
            "choice" => Create(() => new ChoiceDistribution(values ?? throw Missing(type, "values"))),
            "uniform" => Create(() => new UniformDistribution(low ?? throw Missing(type, "low"), high ?? throw Missing(type, "high"), quantum ?? 1)),
            "log_uniform" => Create(() => new LogUniformDistribution(low ?? throw Missing(type, "low"), high ?? throw Missing(type, "high"), quantum ?? 1)),
            "power2" => Create(() => new Power2Distribution(low ?? throw Missing(type, "low"), high ?? throw Missing(type, "high"), quantum)),
            _ => Create(() => new Power2OrLogDistribution(low ?? throw Missing(type, "low"), high ?? throw Missing(type, "high"), quantum ?? throw Missing(type, "quantum"))),
        };
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ParameterDistribution value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("type", value.Type);
        switch (value)
        {
            case FixedDistribution f:
                writer.WriteNumber("value", f.Value);
                break;
            case ChoiceDistribution c:
                writer.WriteStartArray("values");
                foreach (double v in c.Options)
                {
                    writer.WriteNumberValue(v);
                }

                writer.WriteEndArray();
                break;
            case UniformDistribution u:
                WriteRange(writer, u.Low, u.High, u.Quantum);
                break;
            case LogUniformDistribution l:
                WriteRange(writer, l.Low, l.High, l.Quantum);
                break;
            case Power2Distribution p:
                WriteRange(writer, p.Low, p.High, p.Quantum);
                break;
            case Power2OrLogDistribution p:
                WriteRange(writer, p.Low, p.High, p.Quantum);
                break;
            default:
                throw new JsonException($"cannot write distribution {value.GetType().Name}");
        }

        writer.WriteEndObject();
    }

    private static void WriteRange(Utf8JsonWriter writer, double low, double high, double quantum)
    {
        writer.WriteNumber("low", low);
        writer.WriteNumber("high", high);
        writer.WriteNumber("quantum", quantum);
    }

    private static ParameterDistribution Create(Func<ParameterDistribution> create)
    {
        try
        {
            return create();
        }
        catch (ArgumentException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    private static JsonException Missing(string type, string field) => new($"a {type} distribution needs '{field}'");

    private static double Number(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"'{field}' must be a number; found {Token(reader.TokenType)}");
        }

        return reader.GetDouble();
    }

    private static string Token(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.Number => "a number",
        _ => token.ToString(),
    };
}
