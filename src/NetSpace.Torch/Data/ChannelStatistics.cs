using NetSpace.Data;
using NetSpace.Torch.Data;
namespace NetSpace.Torch.Data;

/// <summary>
/// Per-channel mean and standard deviation of pixel values scaled to [0, 1], used to normalise
/// batches as <c>(x / 255 - mean[c]) / std[c]</c>.
/// </summary>
/// <param name="Mean">Mean of each channel, in [0, 1].</param>
/// <param name="Std">Population standard deviation of each channel (must be positive to normalise).</param>
public sealed record ChannelStatistics(IReadOnlyList<double> Mean, IReadOnlyList<double> Std)
{
    /// <summary>Number of channels described.</summary>
    public int Channels => Mean.Count;

    /// <summary>Statistics that leave pixels at <c>x / 255</c>: mean 0 and standard deviation 1 for every channel.</summary>
    public static ChannelStatistics Identity(int channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        return new ChannelStatistics(Enumerable.Repeat(0.0, channels).ToArray(), Enumerable.Repeat(1.0, channels).ToArray());
    }

    /// <summary>Equal when both have the same means and standard deviations, element by element.</summary>
    public bool Equals(ChannelStatistics? other) =>
        other is not null && Mean.SequenceEqual(other.Mean) && Std.SequenceEqual(other.Std);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (double m in Mean)
        {
            hash.Add(m);
        }

        foreach (double s in Std)
        {
            hash.Add(s);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"mean [{string.Join(", ", Mean.Select(m => m.ToString("F4")))}], std [{string.Join(", ", Std.Select(s => s.ToString("F4")))}]";
}
