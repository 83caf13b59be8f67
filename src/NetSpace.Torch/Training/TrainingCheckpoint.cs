using NetSpace.Training;
using NetSpace.Torch.Training;
using System.Text;
using System.Text.Json;
using NetSpace.Torch.Modules;
using NetSpace.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NetSpace.Torch.Training;

/// <summary>
/// One file holding everything needed to continue a run: a header, the bookkeeping as JSON, the
/// model's state (weights and BN statistics), the optimizer's momentum buffers and the EMA weights.
/// Written to a temporary file and renamed, so a crash leaves either the old or the new checkpoint.
/// </summary>
public static class TrainingCheckpoint
{
    private const string Magic = "NETSPACE-CKPT";
    private const int Version = 1;

    /// <summary>Saves atomically; <typeparamref name="TState"/> is the run's JSON bookkeeping (e.g. <see cref="CheckpointState"/>).</summary>
    public static void Save<TState>(string path, nn.Module model, OptimizerHelper optimizer, nn.Module? ema, TState state)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        string temp = path + $".tmp-{Environment.ProcessId}";
        using (ChannelsLast.Standard(model, optimizer, ema)) // raw bytes in the standard layout, whatever the run's
        using (var stream = File.Create(temp))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(JsonSerializer.Serialize(state, SpecJson.CompactOptions));
            model.save(writer);
            optimizer.save_state_dict(writer);
            writer.Write(ema is not null);
            ema?.save(writer);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Loads into already built modules and optimizer; returns the bookkeeping.</summary>
    public static TState Load<TState>(string path, nn.Module model, OptimizerHelper optimizer, nn.Module? ema)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        try
        {
            using var standard = ChannelsLast.Standard(model, optimizer, ema);
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException($"{path}: not a NetSpace checkpoint");
            }

            int version = reader.ReadInt32();
            if (version != Version)
            {
                throw new InvalidDataException($"{path}: checkpoint version {version}, expected {Version}");
            }

            var state = JsonSerializer.Deserialize<TState>(reader.ReadString(), SpecJson.Options)
                ?? throw new InvalidDataException($"{path}: empty checkpoint state");
            model.load(reader);
            optimizer.load_state_dict(reader);
            bool hasEma = reader.ReadBoolean();
            if (hasEma != (ema is not null))
            {
                throw new InvalidDataException($"{path}: checkpoint {(hasEma ? "has" : "lacks")} EMA weights but the recipe {(hasEma ? "has no" : "has an")} EMA");
            }

            ema?.load(reader);
            return state;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"{path}: truncated checkpoint", ex);
        }
    }
}
