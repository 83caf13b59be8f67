using System.Text;
using Spectre.Console;

namespace NetSpace.Cli.Output;

/// <summary>Helpers that keep console output readable at 80 columns: table widths, and prose wrapped at word boundaries.</summary>
internal static class NarrowLayout
{
    /// <summary>The width Spectre's default table needs for these cells without wrapping (│ cell │ cell │).</summary>
    public static int TableWidth(IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        int total = 1;
        for (int c = 0; c < header.Count; c++)
        {
            int widest = rows.Select(r => c < r.Length ? r[c].Length : 0).Append(header[c].Length).Max();
            total += widest + 3; // one space either side and the column's right border
        }

        return total;
    }

    /// <summary>Writes <paramref name="text"/> wrapped at spaces to the console's width; continuation lines start with <paramref name="indent"/>.</summary>
    public static void WriteWrapped(IAnsiConsole console, string text, string indent)
    {
        ArgumentNullException.ThrowIfNull(console);
        foreach (string line in Wrap(text, console.Profile.Width - 1, indent))
        {
            console.WriteLine(line);
        }
    }

    /// <summary><paramref name="text"/> split into lines of at most <paramref name="width"/> characters at spaces (a longer word stays whole).</summary>
    public static IReadOnlyList<string> Wrap(string text, int width, string indent)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(indent);
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int prefix = lines.Count == 0 ? 0 : indent.Length;
            if (line.Length > 0 && prefix + line.Length + 1 + word.Length > width)
            {
                lines.Add((lines.Count == 0 ? string.Empty : indent) + line);
                line.Clear();
            }

            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(word);
        }

        if (line.Length > 0)
        {
            lines.Add((lines.Count == 0 ? string.Empty : indent) + line);
        }

        return lines;
    }
}
