namespace NetSpace.Data;

/// <summary>Where a data set comes from; decides the class names and the recommended augmentation.</summary>
public enum DataSourceKind
{
    /// <summary>Built in code (tests, synthetic data); not a form <see cref="DataSource.Parse"/> accepts.</summary>
    InMemory,

    /// <summary>Fashion-MNIST in IDX files (10 clothing classes, 28×28 grayscale).</summary>
    FashionMnist,

    /// <summary>MNIST in IDX files (10 digit classes, 28×28 grayscale).</summary>
    Mnist,

    /// <summary>Any IDX image/label pair with MNIST file names; the class count is the largest label + 1.</summary>
    Idx,

    /// <summary>CIFAR-10 binary version (10 classes, 32×32 RGB).</summary>
    Cifar10,

    /// <summary>CIFAR-100 binary version, fine labels (100 classes, 32×32 RGB).</summary>
    Cifar100,

    /// <summary>A folder of images, one sub-folder per class, stored square at a fixed storage size.</summary>
    ImageFolder,

    /// <summary>A multi-task scene set written by <c>netspace data multitask</c> (images, boxes, masks; see MultiTaskStore).</summary>
    MultiTask,
}
