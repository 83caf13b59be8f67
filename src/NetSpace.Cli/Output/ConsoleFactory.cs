using Spectre.Console;

namespace NetSpace.Cli.Output;

/// <summary>Creates the Spectre console every command renders its tables to.</summary>
internal static class ConsoleFactory
{
    /// <summary>Width used when the output is not a terminal: wide enough that tables never wrap.</summary>
    public const int PlainWidth = 240;

    /// <summary>
    /// A console writing to <paramref name="writer"/>. <paramref name="plain"/> (redirected output,
    /// tests): no ANSI codes, no colour, fixed width. Otherwise ANSI, colours and width are detected.
    /// </summary>
    public static IAnsiConsole Create(TextWriter writer, bool plain)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (plain)
        {
            console.Profile.Width = PlainWidth;
        }

        return console;
    }
}
