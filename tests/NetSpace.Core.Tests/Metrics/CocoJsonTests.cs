using NetSpace.Metrics;
using Xunit;

namespace NetSpace.Core.Tests.Metrics;

public sealed class CocoJsonTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("coco-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void RoundTripsAndIgnoresExtraFields()
    {
        string path = Write("gt.json", """
            {"info": {"year": 2026}, "images": [{"id": 7, "file_name": "a.png", "width": 64, "height": 64}],
             "annotations": [{"id": 1, "image_id": 7, "category_id": 3, "bbox": [1, 2, 3.5, 4], "area": 14, "iscrowd": 0, "segmentation": []}],
             "categories": [{"id": 3, "name": "bag"}]}
            """);
        var gt = CocoJson.ReadGroundTruth(path);
        Assert.Equal(7, gt.Images[0].Id);
        Assert.Equal([1, 2, 3.5, 4], gt.Annotations[0].Bbox);
        string copy = Path.Combine(dir, "copy.json");
        CocoJson.WriteGroundTruth(copy, gt);
        var again = CocoJson.ReadGroundTruth(copy);
        Assert.Equal(gt.Annotations[0].Bbox, again.Annotations[0].Bbox);
        Assert.Equal("bag", again.Categories[0].Name);

        var dets = new[] { new CocoDetection(7, 3, [1, 2, 3, 4], 0.75) };
        string predPath = Path.Combine(dir, "pred.json");
        CocoJson.WriteDetections(predPath, dets);
        var read = CocoJson.ReadDetections(predPath);
        Assert.Equal(0.75, read[0].Score);
        CocoJson.Validate(gt, read, predPath);
    }

    [Theory]
    [InlineData("""{"images": [], "categories": []}""", "annotations: missing or not an array")]
    [InlineData("""{"images": [{"id": 1}], "annotations": [{"id": 1, "image_id": 2, "category_id": 1, "bbox": [0,0,1,1]}], "categories": [{"id": 1}]}""", "annotations[0].image_id: 2 is not in images")]
    [InlineData("""{"images": [{"id": 1}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0,0,1]}], "categories": [{"id": 1}]}""", "annotations[0].bbox: missing or not 4 numbers")]
    [InlineData("""{"images": [{"id": 1}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0,0,-1,1]}], "categories": [{"id": 1}]}""", "negative width")]
    [InlineData("""{"images": [{"id": 1}, {"id": 1}], "annotations": [], "categories": []}""", "images[1].id: duplicate image id 1")]
    [InlineData("""{"images": [{"id": 1}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0,0,1,1], "iscrowd": 1}], "categories": [{"id": 1}]}""", "crowd annotations are not supported")]
    [InlineData("[1, 2", "not valid JSON")]
    public void BadGroundTruthNamesTheProblem(string text, string expected)
    {
        string path = Write("bad.json", text);
        var ex = Assert.Throws<CocoFormatException>(() => CocoJson.ReadGroundTruth(path));
        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DetectionsReferringToUnknownImagesAreRejected()
    {
        var gt = new CocoGroundTruth([new CocoImage(1, "a", 1, 1)], [], [new CocoCategory(1, "x")]);
        string path = Write("pred.json", """[{"image_id": 9, "category_id": 1, "bbox": [0,0,1,1], "score": 0.5}]""");
        var ex = Assert.Throws<CocoFormatException>(() => CocoJson.Validate(gt, CocoJson.ReadDetections(path), path));
        Assert.Contains("[0].image_id: 9", ex.Message, StringComparison.Ordinal);
        string noScore = Write("noscore.json", """[{"image_id": 1, "category_id": 1, "bbox": [0,0,1,1]}]""");
        Assert.Contains("[0].score", Assert.Throws<CocoFormatException>(() => CocoJson.ReadDetections(noScore)).Message, StringComparison.Ordinal);
    }
}
