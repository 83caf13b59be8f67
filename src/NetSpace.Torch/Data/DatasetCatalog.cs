using NetSpace.Data;
using NetSpace.Torch.Data;
namespace NetSpace.Torch.Data;

/// <summary>
/// Loads the train and test splits named by a data-source argument (see <see cref="DataSource.Parse"/>).
/// Both splits carry the training split's <see cref="ChannelStatistics"/> as their
/// <see cref="ImageDataset.Normalization"/>, so test batches are normalised like training batches.
/// </summary>
public static class DatasetCatalog
{
    /// <summary>Parses <paramref name="arg"/> and loads it; see <see cref="Load(DataSource)"/>.</summary>
    /// <exception cref="InvalidDataSourceException">The argument is not an accepted form.</exception>
    /// <exception cref="DatasetNotFoundException">The folder or a file is missing.</exception>
    /// <exception cref="DataFormatException">A file's content is wrong.</exception>
    public static DatasetPair Load(string arg) => Load(DataSource.Parse(arg));

    /// <summary>Loads the train and test splits of <paramref name="source"/>; never returns partial data.</summary>
    /// <exception cref="DatasetNotFoundException">
    /// The folder or a file is missing; for the packaged Fashion-MNIST the message says
    /// <c>install it with: apt-get install dataset-fashion-mnist</c>.
    /// </exception>
    /// <exception cref="DataFormatException">A file's content is wrong.</exception>
    public static DatasetPair Load(DataSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        DatasetPair pair = source.Kind switch
        {
            DataSourceKind.FashionMnist => LoadIdx(source, DatasetClassNames.FashionMnist, "Fashion-MNIST"),
            DataSourceKind.Mnist => LoadIdx(source, DatasetClassNames.Mnist, "MNIST"),
            DataSourceKind.Idx => LoadIdx(source, source.DeclaredClasses is int c ? Enumerable.Range(0, c).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray() : null, "IDX data"),
            DataSourceKind.Cifar10 => CifarReader.LoadCifar10(source.Directory),
            DataSourceKind.Cifar100 => CifarReader.LoadCifar100(source.Directory),
            DataSourceKind.ImageFolder => ImageFolderReader.Load(source.Directory, source.StorageSize),
            DataSourceKind.MultiTask => throw new InvalidDataSourceException(
                $"{source}: a multi-task scene set, not a classification data set (multi-task training takes it: netspace train --data {source} --task …)"),
            _ => throw new InvalidDataSourceException($"data source kind {source.Kind} cannot be loaded from disk"),
        };

        ChannelStatistics statistics = pair.Train.ComputeChannelStatistics();
        return new DatasetPair(pair.Train.WithNormalization(statistics), pair.Test.WithNormalization(statistics));
    }

    private static DatasetPair LoadIdx(DataSource source, IReadOnlyList<string>? classNames, string name)
    {
        IReadOnlyList<string> missing = IdxReader.FindMissingFiles(source.Directory);
        if (missing.Count > 0 && source.IsDefaultDirectory)
        {
            string what = Directory.Exists(source.Directory)
                ? $"missing {string.Join(", ", missing.Select(m => m + "[.gz]"))}"
                : "folder not found";
            throw new DatasetNotFoundException(
                $"{name} not found in {source.Directory} ({what}): install it with: apt-get install {DataSource.FashionMnistPackage}");
        }

        if (missing.Count > 0)
        {
            string what = Directory.Exists(source.Directory)
                ? $"missing {string.Join(", ", missing.Select(m => m + "[.gz]"))}"
                : "folder not found";
            throw new DatasetNotFoundException(
                $"{name} not found in {source.Directory} ({what}; expected the IDX files {string.Join(", ", IdxReader.FileNames)}, raw or .gz)");
        }

        var pair = IdxReader.LoadDirectory(source.Directory, classNames, source.Kind);
        if (source.Kind == DataSourceKind.Idx && source.DeclaredClasses is null)
        {
            ClassCoverage.RequireEveryClass(pair.Train, source);
        }

        return pair;
    }
}
