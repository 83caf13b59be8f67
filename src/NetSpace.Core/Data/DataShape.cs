namespace NetSpace.Data;

/// <summary>
/// What a network trained on a data set sees: the side of the (square) batches the loader produces,
/// the image channels and the number of classes. Specs are re-targeted to it before complexity windows apply.
/// </summary>
/// <param name="InputSize">Side in pixels of the images the network is fed (after any crop).</param>
/// <param name="Channels">Image channels (1 grey, 3 RGB).</param>
/// <param name="Classes">Number of classes.</param>
public sealed record DataShape(int InputSize, int Channels, int Classes);
