using NetSpace.Interop.Onnx;
using NetSpace.Tests;

namespace NetSpace.Interop.Tests;

/// <summary>Interop's file formats need no libtorch: Torch uses Interop, never the other way round.</summary>
public class InteropDependencyTests
{
    [Fact]
    public void InteropAndWhatItReferencesDoNotDependOnTorchSharp()
    {
        var (reached, edges) = AssemblyReferences.Walk(typeof(OnnxExporter).Assembly);
        Assert.Contains("NetSpace.Core", reached);
        Assert.DoesNotContain("NetSpace.Torch", reached);
        Assert.DoesNotContain(edges, e => e.To is "TorchSharp" or "NetSpace.Torch");
    }

    [Fact]
    public void TorchIsWhereInteropMeetsTheModules()
    {
        Assert.Equal("NetSpace.Torch", typeof(TorchOnnx).Assembly.GetName().Name);
        var (reached, _) = AssemblyReferences.Walk(typeof(TorchOnnx).Assembly);
        Assert.Contains("NetSpace.Interop", reached);
    }
}
