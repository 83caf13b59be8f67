using Spectre.Console;

namespace NetSpace.Cli;

/// <summary>Where a command writes: raw writers for JSON and errors, a Spectre console for tables.</summary>
/// <param name="Out">Standard output (JSON is written here directly, never through Spectre).</param>
/// <param name="Error">Standard error.</param>
/// <param name="Console">Spectre console writing to <paramref name="Out"/>.</param>
internal sealed record CliContext(TextWriter Out, TextWriter Error, IAnsiConsole Console);
