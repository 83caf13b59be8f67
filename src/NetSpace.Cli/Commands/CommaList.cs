namespace NetSpace.Cli.Commands;

/// <summary>Options that take one value or a comma-separated list (<c>--layout</c>, <c>--precision</c>).</summary>
internal static class CommaList
{
    /// <summary>The values of <paramref name="value"/> in order without repeats; a usage error (<paramref name="whenEmpty"/>) when there are none.</summary>
    public static IReadOnlyList<T> Parse<T>(string value, Func<string, T> parseOne, string whenEmpty)
    {
        var items = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(parseOne).Distinct().ToArray();
        return items.Length > 0 ? items : throw new CliUsageException(whenEmpty);
    }
}
