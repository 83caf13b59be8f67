using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NetSpace.Serialization;

namespace NetSpace.Metrics;

/// <summary>
/// Reads and writes COCO detection JSON: ground truth (<c>images</c>, <c>annotations</c>, <c>categories</c>;
/// other fields such as <c>info</c> or <c>segmentation</c> are ignored) and results (an array of
/// <c>{image_id, category_id, bbox, score}</c>). Reading checks every field and names the first problem.
/// </summary>
public static class CocoJson
{
    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = false };

    /// <summary>Reads and validates a ground-truth file.</summary>
    /// <exception cref="CocoFormatException">The file is missing, not JSON, or a field is wrong.</exception>
    public static CocoGroundTruth ReadGroundTruth(string path)
    {
        var root = Parse(path) as JsonObject ?? throw Error(path, "expected a JSON object with images, annotations and categories");
        var images = new List<CocoImage>();
        var imageIds = new HashSet<long>();
        foreach (var (node, i) in Array(path, root, "images"))
        {
            string at = $"images[{i}]";
            long id = Long(path, node, at, "id");
            if (!imageIds.Add(id))
            {
                throw Error(path, $"{at}.id: duplicate image id {id}");
            }

            string name = node["file_name"] is JsonValue v && v.TryGetValue(out string? s) ? s : string.Empty;
            images.Add(new CocoImage(id, name, (int)OptionalLong(path, node, at, "width"), (int)OptionalLong(path, node, at, "height")));
        }

        var categories = new List<CocoCategory>();
        var categoryIds = new HashSet<int>();
        foreach (var (node, i) in Array(path, root, "categories"))
        {
            string at = $"categories[{i}]";
            int id = (int)Long(path, node, at, "id");
            if (!categoryIds.Add(id))
            {
                throw Error(path, $"{at}.id: duplicate category id {id}");
            }

            string name = node["name"] is JsonValue v && v.TryGetValue(out string? s) ? s : id.ToString(CultureInfo.InvariantCulture);
            categories.Add(new CocoCategory(id, name));
        }

        var annotations = new List<CocoAnnotation>();
        var annotationIds = new HashSet<long>();
        foreach (var (node, i) in Array(path, root, "annotations"))
        {
            string at = $"annotations[{i}]";
            long id = Long(path, node, at, "id");
            if (!annotationIds.Add(id))
            {
                throw Error(path, $"{at}.id: duplicate annotation id {id}");
            }

            long imageId = Long(path, node, at, "image_id");
            int categoryId = (int)Long(path, node, at, "category_id");
            if (!imageIds.Contains(imageId))
            {
                throw Error(path, $"{at}.image_id: {imageId} is not in images");
            }

            if (!categoryIds.Contains(categoryId))
            {
                throw Error(path, $"{at}.category_id: {categoryId} is not in categories");
            }

            double[] box = Box(path, node, at);
            double area = node["area"] is JsonValue av && av.TryGetValue(out double a) ? a : box[2] * box[3];
            int crowd = (int)OptionalLong(path, node, at, "iscrowd");
            if (crowd != 0)
            {
                throw Error(path, $"{at}.iscrowd: crowd annotations are not supported");
            }

            annotations.Add(new CocoAnnotation(id, imageId, categoryId, box, area, 0));
        }

        return new CocoGroundTruth(images, annotations, categories);
    }

    /// <summary>Reads a results file (a JSON array of detections).</summary>
    /// <exception cref="CocoFormatException">The file is missing, not JSON, or a field is wrong.</exception>
    public static IReadOnlyList<CocoDetection> ReadDetections(string path)
    {
        var root = Parse(path) as JsonArray ?? throw Error(path, "expected a JSON array of {image_id, category_id, bbox, score}");
        var detections = new List<CocoDetection>(root.Count);
        for (int i = 0; i < root.Count; i++)
        {
            string at = $"[{i}]";
            var node = root[i] as JsonObject ?? throw Error(path, $"{at}: expected an object");
            double score = node["score"] is JsonValue v && v.TryGetValue(out double s) && double.IsFinite(s)
                ? s
                : throw Error(path, $"{at}.score: missing or not a finite number");
            detections.Add(new CocoDetection(Long(path, node, at, "image_id"), (int)Long(path, node, at, "category_id"), Box(path, node, at), score));
        }

        return detections;
    }

    /// <summary>Checks that every detection refers to an image and a category of <paramref name="gt"/>.</summary>
    /// <exception cref="CocoFormatException">The first detection that does not.</exception>
    public static void Validate(CocoGroundTruth gt, IReadOnlyList<CocoDetection> detections, string predictionsPath)
    {
        ArgumentNullException.ThrowIfNull(gt);
        ArgumentNullException.ThrowIfNull(detections);
        var images = gt.Images.Select(i => i.Id).ToHashSet();
        var categories = gt.Categories.Select(c => c.Id).ToHashSet();
        for (int i = 0; i < detections.Count; i++)
        {
            if (!images.Contains(detections[i].ImageId))
            {
                throw Error(predictionsPath, $"[{i}].image_id: {detections[i].ImageId} is not an image of the ground truth");
            }

            if (!categories.Contains(detections[i].CategoryId))
            {
                throw Error(predictionsPath, $"[{i}].category_id: {detections[i].CategoryId} is not a category of the ground truth");
            }
        }
    }

    /// <summary>Writes ground truth atomically.</summary>
    public static void WriteGroundTruth(string path, CocoGroundTruth gt) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(gt, WriteOptions) + "\n");

    /// <summary>Writes detections atomically.</summary>
    public static void WriteDetections(string path, IReadOnlyList<CocoDetection> detections) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(detections, WriteOptions) + "\n");

    private static JsonNode? Parse(string path)
    {
        if (!File.Exists(path))
        {
            throw new CocoFormatException($"{path}: file not found");
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new CocoFormatException($"{path}: not valid JSON ({ex.Message})", ex);
        }
    }

    private static IEnumerable<(JsonObject Node, int Index)> Array(string path, JsonObject root, string name)
    {
        var array = root[name] as JsonArray ?? throw Error(path, $"{name}: missing or not an array");
        for (int i = 0; i < array.Count; i++)
        {
            yield return (array[i] as JsonObject ?? throw Error(path, $"{name}[{i}]: expected an object"), i);
        }
    }

    private static long Long(string path, JsonObject node, string at, string field) =>
        node[field] is JsonValue v && v.TryGetValue(out double d) && d == Math.Floor(d) && Math.Abs(d) < 9e15
            ? (long)d
            : throw Error(path, $"{at}.{field}: missing or not an integer");

    private static long OptionalLong(string path, JsonObject node, string at, string field) =>
        node[field] is null ? 0 : Long(path, node, at, field);

    private static double[] Box(string path, JsonObject node, string at)
    {
        if (node["bbox"] is not JsonArray a || a.Count != 4)
        {
            throw Error(path, $"{at}.bbox: missing or not 4 numbers [x, y, w, h]");
        }

        var box = new double[4];
        for (int k = 0; k < 4; k++)
        {
            box[k] = a[k] is JsonValue v && v.TryGetValue(out double d) && double.IsFinite(d)
                ? d
                : throw Error(path, $"{at}.bbox[{k}]: not a finite number");
        }

        if (box[2] < 0 || box[3] < 0)
        {
            throw Error(path, $"{at}.bbox: negative width or height ({box[2]}, {box[3]})");
        }

        return box;
    }

    private static CocoFormatException Error(string path, string message) => new($"{path}: {message}");
}
