namespace NetSpace.Data.MultiTask;

/// <summary>A stored split: scene count and its files.</summary>
public sealed record StoredSplit(int Count, IReadOnlyList<StoredFile> Files);
