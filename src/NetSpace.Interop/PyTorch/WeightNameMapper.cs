using System.Globalization;
using System.Text.RegularExpressions;
using NetSpace.Specs;

namespace NetSpace.Interop.PyTorch;

/// <summary>Applies a <see cref="WeightNameMap"/> to the tensor names of a spec's NetSpace state dict.</summary>
public static class WeightNameMapper
{
    /// <summary>
    /// The other library's name of every NetSpace tensor name (in the given order). A name no rule covers means the map
    /// cannot express this network: <see cref="WeightMappingException"/>.
    /// </summary>
    public static IReadOnlyList<MappedTensorName> Map(NetworkSpec spec, IEnumerable<string> netspaceNames, WeightNameMap map)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(netspaceNames);
        ArgumentNullException.ThrowIfNull(map);
        var geometry = BlockGeometry.Enumerate(spec).ToDictionary(g => (g.Stage, g.Index), g => g.Geometry);
        var rules = map.Rules.Select(r => (Rule: r, Pattern: Compile(r.NetSpace))).ToArray();
        var result = new List<MappedTensorName>();
        foreach (string name in netspaceNames)
        {
            int dot = name.LastIndexOf('.');
            string module = name[..dot];
            string parameter = name[(dot + 1)..];
            string? external = null;
            foreach (var (rule, pattern) in rules)
            {
                var m = pattern.Match(module);
                if (!m.Success)
                {
                    continue;
                }

                int s = m.Groups["s"].Success ? int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
                int b = m.Groups["b"].Success ? int.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture) : 0;
                if (rule.When != BlockCondition.Always)
                {
                    bool expanded = geometry.TryGetValue((s, b), out var g) && g.HasExpansion;
                    if (expanded != (rule.When == BlockCondition.Expanded))
                    {
                        continue;
                    }
                }

                external = rule.External
                    .Replace("{s+1}", Str(s + 1), StringComparison.Ordinal)
                    .Replace("{s}", Str(s), StringComparison.Ordinal)
                    .Replace("{b+1}", Str(b + 1), StringComparison.Ordinal)
                    .Replace("{b}", Str(b), StringComparison.Ordinal)
                    .Replace("{n+1}", Str(spec.Stages.Count + 1), StringComparison.Ordinal);
                break;
            }

            result.Add(new MappedTensorName(
                name,
                (external ?? throw new WeightMappingException(
                    $"{spec.Name ?? "the network"}: NetSpace tensor '{name}' has no {PretrainedArchitectures.Label(map.Convention)} {map.Family} name")) + "." + parameter));
        }

        return result;
    }

    private static string Str(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static Regex Compile(string pattern) =>
        new(
            "^" + Regex.Escape(pattern).Replace(@"\{s}", @"(?<s>\d+)", StringComparison.Ordinal).Replace(@"\{b}", @"(?<b>\d+)", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant);
}
