using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetSpace.DesignSpaces;

/// <summary>
/// A per-stage parameter: one distribution used for every stage (<c>{"type": ...}</c> or a number) or an
/// array with one distribution per stage. A single distribution is written back as a single object.
/// </summary>
internal sealed class PerStageDistributionsConverter : JsonConverter<IReadOnlyList<ParameterDistribution>>
{
    private static readonly ParameterDistributionConverter Item = new();

    /// <inheritdoc />
    public override IReadOnlyList<ParameterDistribution> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return [Item.Read(ref reader, typeof(ParameterDistribution), options)];
        }

        var list = new List<ParameterDistribution>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(Item.Read(ref reader, typeof(ParameterDistribution), options));
        }

        if (list.Count == 0)
        {
            throw new JsonException("expected one distribution, or an array with one distribution per stage; found an empty array");
        }

        return list;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<ParameterDistribution> value, JsonSerializerOptions options)
    {
        if (value.Count == 1)
        {
            Item.Write(writer, value[0], options);
            return;
        }

        writer.WriteStartArray();
        foreach (var d in value)
        {
            Item.Write(writer, d, options);
        }

        writer.WriteEndArray();
    }
}
