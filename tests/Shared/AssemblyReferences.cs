using System.Reflection;

namespace NetSpace.Tests;

/// <summary>Walks the NetSpace assemblies an assembly references, directly or through other NetSpace assemblies.</summary>
internal static class AssemblyReferences
{
    /// <summary>
    /// The NetSpace assemblies reachable from <paramref name="root"/> (itself excluded) and every (referrer, reference)
    /// edge out of <paramref name="root"/> and them, NetSpace or not.
    /// </summary>
    public static (HashSet<string> Reached, List<(string From, string To)> Edges) Walk(Assembly root)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var edges = new List<(string, string)>();
        var pending = new Stack<Assembly>([root]);
        while (pending.TryPop(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                edges.Add((assembly.GetName().Name!, reference.Name!));
                if (reference.Name!.StartsWith("NetSpace", StringComparison.Ordinal) && reached.Add(reference.Name))
                {
                    pending.Push(Assembly.Load(reference));
                }
            }
        }

        return (reached, edges);
    }
}
