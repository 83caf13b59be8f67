namespace NetSpace.Cli.Commands;

/// <summary>What <c>models build</c> produced.</summary>
/// <param name="InputShape">Shape of the random test input.</param>
/// <param name="OutputShape">Shape of the module's output for that input.</param>
/// <param name="ParameterCount">Sum of numel over the module's parameters.</param>
/// <param name="Path">Full path of the saved weights.</param>
/// <param name="Bytes">Size of the saved file.</param>
internal sealed record BuildResult(long[] InputShape, long[] OutputShape, long ParameterCount, string Path, long Bytes);
