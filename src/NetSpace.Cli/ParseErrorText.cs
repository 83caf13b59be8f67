using System.CommandLine;
using System.CommandLine.Parsing;

namespace NetSpace.Cli;

/// <summary>
/// The text of one parse error on the <c>error:</c> line. System.CommandLine's "Required argument missing for
/// command: 'status'" does not say which argument; this names it (e.g. "missing argument NAME (Sweep name)").
/// </summary>
internal static class ParseErrorText
{
    /// <summary>The one-line text of <paramref name="error"/>.</summary>
    public static string Describe(ParseError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        string message = string.Join(' ', error.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');
        if (message.StartsWith("Required argument missing", StringComparison.Ordinal))
        {
            IEnumerable<Argument> arguments = error.SymbolResult switch
            {
                ArgumentResult argument => [argument.Argument],
                CommandResult command => command.Command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0 && command.GetResult(a) is not { Tokens.Count: > 0 }),
                _ => [],
            };
            var missing = arguments
                .Select(a => string.IsNullOrEmpty(a.Description) ? a.Name : $"{a.Name} ({a.Description})")
                .ToArray();
            if (missing.Length > 0)
            {
                return $"missing argument {string.Join(", ", missing)}";
            }
        }

        return message;
    }
}
