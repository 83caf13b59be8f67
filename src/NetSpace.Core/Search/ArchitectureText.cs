namespace NetSpace.Search;

/// <summary>
/// An architecture of a search space written by hand, to express a hand-designed network (a MobileNetV2- or
/// FBNet-style baseline) in the space: either one choice label per decision in the space's order (what
/// <c>search random</c> and <c>search derive</c> print), or assignments <c>NAME=LABEL</c> where NAME is a decision
/// (<c>s2.b1</c>), <c>blocks</c> (every block decision), <c>first</c> (every stage's first block) or <c>fusion</c>
/// (every fusion edge); later assignments override earlier ones, and every decision must end up assigned.
/// </summary>
public static class ArchitectureText
{
    /// <summary>Parses <paramref name="text"/> into one choice index per decision of <paramref name="space"/>.</summary>
    /// <exception cref="FormatException">An unknown decision or label, or decisions left unassigned (named, with the valid ones).</exception>
    public static int[] Parse(SearchSpace space, string text)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(text);
        var tokens = text.Split([' ', ',', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var decisions = space.Decisions;
        var arch = Enumerable.Repeat(-1, decisions.Count).ToArray();
        if (tokens.Length > 0 && tokens.All(t => !t.Contains('=', StringComparison.Ordinal)))
        {
            if (tokens.Length != decisions.Count)
            {
                throw new FormatException($"{tokens.Length} labels for {decisions.Count} decisions ({string.Join(" ", decisions.Select(d => d.Name))}); give one per decision or NAME=LABEL assignments");
            }

            for (int d = 0; d < decisions.Count; d++)
            {
                arch[d] = Choice(decisions[d], tokens[d]);
            }

            return arch;
        }

        foreach (string token in tokens)
        {
            int eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"'{token}' is not NAME=LABEL (mixing positional labels and assignments is not allowed)");
            }

            string name = token[..eq], label = token[(eq + 1)..];
            var targets = name switch
            {
                "blocks" => Enumerable.Range(0, decisions.Count).Where(d => decisions[d].Kind == DecisionKind.Block),
                "first" => Enumerable.Range(0, decisions.Count).Where(d => decisions[d].Kind == DecisionKind.Block && decisions[d].Block == 0),
                "fusion" => Enumerable.Range(0, decisions.Count).Where(d => decisions[d].Kind != DecisionKind.Block),
                _ => Enumerable.Range(0, decisions.Count).Where(d => decisions[d].Name == name),
            };
            var list = targets.ToArray();
            if (list.Length == 0)
            {
                throw new FormatException($"'{name}' is not a decision of {space.Spec.Name} (decisions: {string.Join(" ", decisions.Select(d => d.Name))}; groups: blocks, first, fusion)");
            }

            foreach (int d in list)
            {
                arch[d] = Choice(decisions[d], label);
            }
        }

        var missing = Enumerable.Range(0, decisions.Count).Where(d => arch[d] < 0).Select(d => decisions[d].Name).ToArray();
        if (missing.Length > 0)
        {
            throw new FormatException($"no choice for {string.Join(", ", missing)} (assign them, or a group: blocks=…, first=…, fusion=…)");
        }

        return arch;
    }

    /// <summary>One label per decision, in order (the positional form <see cref="Parse"/> reads back).</summary>
    public static string Format(SearchSpace space, IReadOnlyList<int> arch)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(arch);
        space.Check(arch);
        return string.Join(" ", arch.Select((c, d) => space.Decisions[d].Choices[c]));
    }

    private static int Choice(Decision decision, string label)
    {
        int index = decision.Choices.ToList().IndexOf(label);
        if (index < 0)
        {
            throw new FormatException($"{decision.Name}: '{label}' is not a choice ({string.Join(" ", decision.Choices)})");
        }

        return index;
    }
}
