using System.Text;
using System.Text.Json;

namespace NetSpace.DesignSpaces;

/// <summary>
/// Line numbers of the fields of a JSON document by path (<c>$.anynet.width[1]</c>), so errors found after
/// deserialisation can still name the line. A missing path falls back to its closest present parent.
/// </summary>
internal sealed class JsonLineIndex
{
    private readonly Dictionary<string, int> lines = new(StringComparer.Ordinal);

    private JsonLineIndex()
    {
    }

    /// <summary>Indexes <paramref name="json"/>; a document that does not parse gives an empty index.</summary>
    public static JsonLineIndex Build(string json)
    {
        var index = new JsonLineIndex();
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        var newlines = new List<long>();
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                newlines.Add(i);
            }
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });

        // Each open container: its path and, for arrays, the next element index.
        var stack = new Stack<(string Path, bool IsArray, int Next)>();
        string? pending = null;
        try
        {
            while (reader.Read())
            {
                int line = LineOf(newlines, reader.TokenStartIndex);
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    pending = $"{stack.Peek().Path}.{reader.GetString()}";
                    index.lines.TryAdd(pending, line);
                    continue;
                }

                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    stack.Pop();
                    continue;
                }

                string path;
                if (stack.Count == 0)
                {
                    path = "$";
                }
                else if (stack.Peek().IsArray)
                {
                    var top = stack.Pop();
                    path = $"{top.Path}[{top.Next}]";
                    stack.Push(top with { Next = top.Next + 1 });
                }
                else
                {
                    path = pending ?? "$";
                }

                index.lines.TryAdd(path, line);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    stack.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
                }
            }
        }
        catch (JsonException)
        {
            // A document that failed to parse was already reported by the deserialiser.
        }

        return index;
    }

    /// <summary>1-based line of <paramref name="path"/> or of its closest indexed parent; null when none is indexed.</summary>
    public int? LineOf(string path)
    {
        for (string p = path; ; p = Parent(p))
        {
            if (lines.TryGetValue(p, out int line))
            {
                return line;
            }

            if (p == "$" || p.Length == 0)
            {
                return null;
            }
        }
    }

    private static string Parent(string path)
    {
        int cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "$" : path[..cut];
    }

    private static int LineOf(List<long> newlines, long offset)
    {
        int i = newlines.BinarySearch(offset);
        return (i < 0 ? ~i : i) + 1;
    }
}
