using NetSpace.Complexity;
using NetSpace.Zoo;

namespace NetSpace.Tests;

/// <summary>Reference numbers computed by NetSpace.Core (which is tested against pycls).</summary>
internal static class NetworkComplexitySnapshot
{
    public static readonly long X400Flops = NetworkComplexity.Measure(ModelZoo.Get("regnetx-400mf")).Flops;
}
