using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace NetSpace.Cli.Commands;

/// <summary>Options with plain-language parse errors (no .NET type names) shared by the commands.</summary>
internal static class OptionFactory
{
    /// <summary>A <c>--json</c> flag.</summary>
    public static Option<bool> Json(string what) => new("--json") { Description = $"Print {what} as JSON on stdout instead of tables" };

    /// <summary>An integer option; values below <paramref name="min"/> are parse errors.</summary>
    public static Option<int> Int(string name, string helpName, string description, int? min = null) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result => ParseInt(result, name, min) ?? 0,
    };

    /// <summary>An optional integer option (null when absent); values below <paramref name="min"/> are parse errors.</summary>
    public static Option<int?> OptionalInt(string name, string helpName, string description, int? min = null) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result => ParseInt(result, name, min),
    };

    /// <summary>A floating-point option (invariant culture: <c>24.48</c>).</summary>
    public static Option<double> Double(string name, string helpName, string description) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            string token = Token(result);
            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
            {
                return value;
            }

            result.AddError($"{name}: '{token}' is not a number");
            return 0;
        },
    };

    /// <summary>An optional floating-point option (invariant culture).</summary>
    public static Option<double?> OptionalDouble(string name, string helpName, string description) => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            string token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
            {
                return value;
            }

            result.AddError($"{name}: '{token}' is not a number");
            return null;
        },
    };

    private static int? ParseInt(ArgumentResult result, string name, int? min)
    {
        string token = Token(result);
        if (!int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            result.AddError($"{name}: '{token}' is not a whole number");
            return null;
        }

        if (value < min)
        {
            result.AddError($"{name}: {value} must be ≥ {min}");
            return null;
        }

        return value;
    }

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
}
