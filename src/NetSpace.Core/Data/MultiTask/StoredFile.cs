namespace NetSpace.Data.MultiTask;

/// <summary>A file of a stored split: name, byte length and SHA-256 (hex).</summary>
public sealed record StoredFile(string Name, long Length, string Sha256);
