using System.Globalization;

namespace NetSpace.Data;

/// <summary>
/// A parsed data-source argument such as <c>fashion-mnist</c>, <c>cifar10:/data/cifar</c> or
/// <c>folder:/data/pets:96</c>: which reader, which folder and (for image folders) the storage size.
/// <see cref="ToString"/> gives the canonical argument back, for run records.
/// </summary>
public sealed record DataSource
{
    /// <summary>Where the Debian package <c>dataset-fashion-mnist</c> installs Fashion-MNIST.</summary>
    public const string DefaultFashionMnistDirectory = "/usr/share/datasets/fashion-mnist/";

    /// <summary>The Debian package that installs Fashion-MNIST in <see cref="DefaultFashionMnistDirectory"/>.</summary>
    public const string FashionMnistPackage = "dataset-fashion-mnist";

    /// <summary>Default side in pixels of the stored square images of an image folder.</summary>
    public const int DefaultFolderStorageSize = 64;

    /// <summary>Smallest storage side accepted for an image folder.</summary>
    public const int MinFolderStorageSize = 8;

    /// <summary>Largest storage side accepted for an image folder.</summary>
    public const int MaxFolderStorageSize = 1024;

    /// <summary>The argument forms <see cref="Parse"/> accepts, for help texts and error messages.</summary>
    public static IReadOnlyList<string> AcceptedForms { get; } =
        ["fashion-mnist", "fashion-mnist:DIR", "mnist:DIR", "idx:DIR[:CLASSES]", "cifar10:DIR", "cifar100:DIR", "folder:DIR[:SIZE]", "multitask:DIR"];

    /// <summary>Which reader loads the data.</summary>
    public required DataSourceKind Kind { get; init; }

    /// <summary>The folder the data is in.</summary>
    public required string Directory { get; init; }

    /// <summary>Whether <see cref="Directory"/> is the default Fashion-MNIST folder, not given in the argument.</summary>
    public bool IsDefaultDirectory { get; init; }

    /// <summary>Side of the stored square images for <see cref="DataSourceKind.ImageFolder"/>; ignored otherwise.</summary>
    public int StorageSize { get; init; } = DefaultFolderStorageSize;

    /// <summary>
    /// For <see cref="DataSourceKind.Idx"/>: the class count declared with <c>idx:DIR:CLASSES</c>, which allows classes
    /// without examples; null: the labels must use every id from 0 to the largest (see <c>ClassCoverage</c>).
    /// </summary>
    public int? DeclaredClasses { get; init; }

    /// <summary>
    /// Parses a data-source argument: <c>fashion-mnist</c> (the packaged copy in
    /// <see cref="DefaultFashionMnistDirectory"/>), <c>fashion-mnist:DIR</c>, <c>mnist:DIR</c>,
    /// <c>idx:DIR</c>, <c>cifar10:DIR</c>, <c>cifar100:DIR</c>, <c>folder:DIR[:SIZE]</c> (SIZE: the
    /// storage side in pixels, default 64) or <c>multitask:DIR</c> (a scene set for detection, segmentation and
    /// classification). Kinds are case-insensitive. Nothing is read from disk.
    /// </summary>
    /// <exception cref="InvalidDataSourceException">Unknown kind, missing folder, or bad SIZE; the message lists the accepted forms.</exception>
    public static DataSource Parse(string arg)
    {
        string text = arg?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            throw new InvalidDataSourceException($"empty data source; accepted forms: {string.Join(", ", AcceptedForms)}");
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string kindText = (colon < 0 ? text : text[..colon]).ToLowerInvariant();
        string? rest = colon < 0 ? null : text[(colon + 1)..];
        DataSourceKind kind = kindText switch
        {
            "fashion-mnist" => DataSourceKind.FashionMnist,
            "mnist" => DataSourceKind.Mnist,
            "idx" => DataSourceKind.Idx,
            "cifar10" => DataSourceKind.Cifar10,
            "cifar100" => DataSourceKind.Cifar100,
            "folder" => DataSourceKind.ImageFolder,
            "multitask" => DataSourceKind.MultiTask,
            _ => throw new InvalidDataSourceException(
                $"unknown data source '{text}'; accepted forms: {string.Join(", ", AcceptedForms)}"),
        };

        if (kind == DataSourceKind.FashionMnist && rest is null)
        {
            return new DataSource { Kind = kind, Directory = DefaultFashionMnistDirectory, IsDefaultDirectory = true };
        }

        if (string.IsNullOrWhiteSpace(rest))
        {
            throw new InvalidDataSourceException($"data source '{text}' needs a folder: {kindText}:DIR{(kind == DataSourceKind.ImageFolder ? "[:SIZE]" : string.Empty)}");
        }

        int storage = DefaultFolderStorageSize;
        if (kind == DataSourceKind.ImageFolder)
        {
            // SIZE is the last ':'-separated part when it is all digits, so folders may contain ':'.
            int last = rest.LastIndexOf(':');
            if (last >= 0 && last < rest.Length - 1 && rest[(last + 1)..].All(char.IsAsciiDigit))
            {
                string sizeText = rest[(last + 1)..];
                if (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out storage)
                    || storage < MinFolderStorageSize || storage > MaxFolderStorageSize)
                {
                    throw new InvalidDataSourceException(
                        $"data source '{text}': SIZE {sizeText} is outside [{MinFolderStorageSize}, {MaxFolderStorageSize}] pixels");
                }

                rest = rest[..last];
                if (rest.Length == 0)
                {
                    throw new InvalidDataSourceException($"data source '{text}' needs a folder: folder:DIR[:SIZE]");
                }
            }
        }

        int? declared = null;
        if (kind == DataSourceKind.Idx)
        {
            // CLASSES is the last ':'-separated part when it is all digits (as folder:DIR:SIZE), so folders may contain ':'.
            int last = rest.LastIndexOf(':');
            if (last > 0 && last < rest.Length - 1 && rest[(last + 1)..].All(char.IsAsciiDigit))
            {
                if (!int.TryParse(rest[(last + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int classes) || classes < 2 || classes > 65_536)
                {
                    throw new InvalidDataSourceException($"data source '{text}': CLASSES {rest[(last + 1)..]} is outside [2, 65536]");
                }

                declared = classes;
                rest = rest[..last];
            }
        }

        return new DataSource { Kind = kind, Directory = rest, StorageSize = storage, DeclaredClasses = declared };
    }

    /// <summary>Whether the argument names a multi-task scene set (<c>multitask:DIR</c>) rather than a classification data set.</summary>
    public bool IsMultiTask => Kind == DataSourceKind.MultiTask;

    /// <summary>Whether <paramref name="arg"/> parses as <c>multitask:DIR</c> (false for any other form, valid or not).</summary>
    public static bool IsMultiTaskArgument(string arg)
    {
        try
        {
            return Parse(arg).IsMultiTask;
        }
        catch (InvalidDataSourceException)
        {
            return false;
        }
    }

    /// <summary>The canonical argument: the kind, then the folder unless it is the default, then SIZE for image folders.</summary>
    public override string ToString() => Kind switch
    {
        DataSourceKind.FashionMnist when IsDefaultDirectory => "fashion-mnist",
        DataSourceKind.FashionMnist => $"fashion-mnist:{Directory}",
        DataSourceKind.Mnist => $"mnist:{Directory}",
        DataSourceKind.Idx => DeclaredClasses is int c ? $"idx:{Directory}:{c}" : $"idx:{Directory}",
        DataSourceKind.Cifar10 => $"cifar10:{Directory}",
        DataSourceKind.Cifar100 => $"cifar100:{Directory}",
        DataSourceKind.ImageFolder => $"folder:{Directory}:{StorageSize}",
        DataSourceKind.MultiTask => $"multitask:{Directory}",
        _ => $"in-memory:{Directory}",
    };
}
