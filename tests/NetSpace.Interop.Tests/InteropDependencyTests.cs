using NetSpace.Interop.Onnx;
using NetSpace.Tests;

namespace NetSpace.Interop.Tests;

/// <summary>Interop's file formats need no libtorch: TorchSharp is a leaf that only the bridge and the CLI touch.</summary>
public class InteropDependencyTests
{
    [Fact]
    public void InteropAndWhatItReferencesDoNotDependOnTorchSharp()
    {
        var (reached, edges) = AssemblyReferences.Walk(typeof(OnnxExporter).Assembly);
        Assert.Contains("NetSpace.Core", reached);
        Assert.DoesNotContain("NetSpace.Torch", reached);
        Assert.DoesNotContain(edges, e => e.To is "TorchSharp" or "NetSpace.Torch" or "NetSpace.TorchInterop");
    }

    [Fact]
    public void TheBridgeIsWhereInteropMeetsTorch()
    {
        var (reached, _) = AssemblyReferences.Walk(typeof(TorchOnnx).Assembly);
        Assert.Contains("NetSpace.Interop", reached);
        Assert.Contains("NetSpace.Torch", reached);
    }
}
