using System.Text.Json.Serialization;

namespace NetSpace.Metrics;

/// <summary>A COCO image entry (only the fields box evaluation needs).</summary>
public sealed record CocoImage(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("file_name")] string FileName,
    [property: JsonPropertyName("width")] int Width,
    [property: JsonPropertyName("height")] int Height);

/// <summary>A COCO object annotation: box [x, y, w, h] in pixels, area, crowd flag.</summary>
public sealed record CocoAnnotation(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("image_id")] long ImageId,
    [property: JsonPropertyName("category_id")] int CategoryId,
    [property: JsonPropertyName("bbox")] double[] Bbox,
    [property: JsonPropertyName("area")] double Area,
    [property: JsonPropertyName("iscrowd")] int IsCrowd);

/// <summary>A COCO category.</summary>
public sealed record CocoCategory(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("name")] string Name);

/// <summary>A COCO ground-truth file: images, annotations, categories.</summary>
public sealed record CocoGroundTruth(
    [property: JsonPropertyName("images")] IReadOnlyList<CocoImage> Images,
    [property: JsonPropertyName("annotations")] IReadOnlyList<CocoAnnotation> Annotations,
    [property: JsonPropertyName("categories")] IReadOnlyList<CocoCategory> Categories);

/// <summary>One detection in the COCO results format.</summary>
public sealed record CocoDetection(
    [property: JsonPropertyName("image_id")] long ImageId,
    [property: JsonPropertyName("category_id")] int CategoryId,
    [property: JsonPropertyName("bbox")] double[] Bbox,
    [property: JsonPropertyName("score")] double Score);

/// <summary>A COCO file that cannot be used; the message starts with the file and names the problem.</summary>
public sealed class CocoFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CocoFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public CocoFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public CocoFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
