using System.Diagnostics;
using System.Globalization;

namespace NetSpace.Sweeps;

/// <summary>
/// Who holds a lease: host, process id, the process's start time (so a recycled pid is not mistaken
/// for the holder) and a random nonce (so two workers in one process differ). Written as
/// <c>host/pid/start/nonce</c>. A worker on the same host can tell that a holder process is dead and
/// end its lease at once instead of waiting for it to expire; elsewhere the lease expiry decides.
/// </summary>
/// <param name="Host">Machine name.</param>
/// <param name="ProcessId">Process id.</param>
/// <param name="ProcessStart">Start time of the process in clock ticks since boot (Linux <c>/proc/PID/stat</c> field 22), or 0 when unknown.</param>
/// <param name="Nonce">Random tag.</param>
public sealed record WorkerIdentity(string Host, int ProcessId, long ProcessStart, string Nonce)
{
    /// <summary>A new identity for a worker in this process.</summary>
    public static WorkerIdentity ForCurrentProcess()
    {
        int pid = Environment.ProcessId;
        return new WorkerIdentity(Environment.MachineName, pid, StartTicks(pid) ?? 0, Guid.NewGuid().ToString("N")[..8]);
    }

    /// <summary>Parses <c>host/pid/start/nonce</c>; false for anything else (e.g. a worker id chosen by hand).</summary>
    public static bool TryParse(string text, out WorkerIdentity? identity)
    {
        identity = null;
        var parts = text?.Split('/') ?? [];
        if (parts.Length != 4
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long start))
        {
            return false;
        }

        identity = new WorkerIdentity(parts[0], pid, start, parts[3]);
        return true;
    }

    /// <summary>
    /// True only when this identity's process is on this host and certainly gone: no such pid, a zombie,
    /// or a pid now used by a process that started at another time. False whenever in doubt.
    /// </summary>
    public bool IsKnownDead()
    {
        if (!string.Equals(Host, Environment.MachineName, StringComparison.Ordinal))
        {
            return false;
        }

        if (OperatingSystem.IsLinux())
        {
            if (!File.Exists($"/proc/{ProcessId}/stat"))
            {
                return Directory.Exists("/proc/self"); // /proc is mounted and the pid is gone
            }

            return ReadStat(ProcessId) is { } stat && (stat.State == 'Z' || (ProcessStart != 0 && stat.Start != ProcessStart));
        }

        try
        {
            using var process = Process.GetProcessById(ProcessId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true; // no process with that id
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}/{ProcessId}/{ProcessStart}/{Nonce}");

    private static long? StartTicks(int pid) => OperatingSystem.IsLinux() ? ReadStat(pid)?.Start : null;

    private static (char State, long Start)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid …": comm may hold spaces and parentheses, so fields are counted after the last ')'.
        int close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20 || !long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out long start))
        {
            return null;
        }

        return (fields[0][0], start);
    }
}
