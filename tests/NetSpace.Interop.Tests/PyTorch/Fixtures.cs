using NetSpace.Interop.PyTorch;
using NetSpace.Serialization;
using NetSpace.Specs;

namespace NetSpace.Interop.Tests.PyTorch;

/// <summary>
/// The files written by <c>scripts/interop/torchvision_fixtures.py fixtures</c> (torchvision 0.14's own classes, seeded
/// random weights, randomised BN statistics), found from the test binary by walking up to the repository.
/// </summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "NetSpace.Interop.Tests", "Fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/NetSpace.Interop.Tests/Fixtures not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The four small torchvision models.</summary>
    public static readonly string[] Models = ["tv_regnet_x_small", "tv_regnet_y_small", "tv_efficientnet_small", "tv_resnet_small"];

    public static string Path_(string file) => Path.Combine(Folder.Value, file);

    /// <summary>The state dict file of a model (.pth, or .safetensors for the ResNet).</summary>
    public static string Weights(string model) =>
        File.Exists(Path_(model + ".pth")) ? Path_(model + ".pth") : Path_(model + ".safetensors");

    public static string Check(string model) => Path_(model + ".check.safetensors");

    public static NetworkSpec Spec(string model) => SpecJson.ReadSpecFile(Path_(model + ".spec.json"));

    public static WeightNameMap Map(string model, WeightConvention convention = WeightConvention.Torchvision) =>
        WeightNameMaps.For(convention, WeightFamilies.Detect(Spec(model)));
}
