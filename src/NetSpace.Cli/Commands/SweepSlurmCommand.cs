using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using NetSpace.Serialization;
using NetSpace.Sweeps;

namespace NetSpace.Cli.Commands;

/// <summary>
/// <c>netspace sweep slurm NAME --store URL --array N</c>: writes an <c>sbatch</c> job-array script whose every
/// task runs <c>netspace sweep run</c> on the shared PostgreSQL store (pycls launches its sweeps on Slurm the same way).
/// The script never holds the password: the job takes it from <c>PGPASSWORD</c> (exported by sbatch) or the nodes' pgpass file.
/// </summary>
internal static partial class SweepSlurmCommand
{
    /// <summary>The <c>slurm</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "Sweep name (must exist in the store)" };
        var store = SweepStoreOption.Create();
        var array = new Option<int>("--array") { Description = "Number of array tasks (each one a `sweep run` on one node)", HelpName = "N", Required = true };
        var workersPerTask = new Option<int>("--workers-per-task") { Description = "Worker processes per task", HelpName = "W", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads-per-worker") { Description = "libtorch threads per worker; the task asks for W×T CPUs", HelpName = "T", DefaultValueFactory = _ => 2 };
        var time = new Option<string>("--time") { Description = "Time limit per task (Slurm format, e.g. 4:00:00 or 1-00:00:00)", HelpName = "TIME", DefaultValueFactory = _ => "4:00:00" };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition", HelpName = "NAME" };
        var memory = new Option<string?>("--mem") { Description = "Memory per task (Slurm format, e.g. 8G)", HelpName = "SIZE" };
        var netspace = new Option<string>("--netspace") { Description = "How the nodes run netspace", HelpName = "COMMAND", DefaultValueFactory = _ => "netspace" };
        var output = new Option<string>("--out") { Description = "Script file to write ('-' = stdout)", HelpName = "FILE" };
        var command = new Command("slurm", "Write an sbatch job-array script that starts sweep workers on a Slurm cluster, all sharing one PostgreSQL store")
        {
            name, store, array, workersPerTask, threads, time, partition, memory, netspace, output,
        };
        command.SetAction(parse =>
        {
            string sweepName = parse.GetValue(name)!;
            string location = parse.GetValue(store)!;
            if (!PostgresLocation.IsPostgres(location))
            {
                throw new CliUsageException("--store: a Slurm sweep needs a server store (postgres://user@host:port/db) that every node reaches; an SQLite file is for one machine");
            }

            var settings = new Settings(
                sweepName,
                SweepStoreOption.Guard(() => PostgresLocation.Parse(location)).Description,
                Positive(parse.GetValue(array), "--array"),
                Positive(parse.GetValue(workersPerTask), "--workers-per-task"),
                Positive(parse.GetValue(threads), "--threads-per-worker"),
                Checked(parse.GetValue(time)!, "--time", TimePattern()),
                parse.GetValue(partition) is { } p ? Checked(p, "--partition", WordPattern()) : null,
                parse.GetValue(memory) is { } m ? Checked(m, "--mem", MemoryPattern()) : null,
                parse.GetValue(netspace)!);
            using (var trialStore = SweepStoreOption.Open(location, create: false, context.Error))
            {
                SweepStoreOption.Guard(() => trialStore.GetSweep(sweepName));
            }

            string script = Script(settings);
            string target = parse.GetValue(output) ?? $"{sweepName}.sbatch";
            if (target == "-")
            {
                context.Out.Write(script);
            }
            else
            {
                AtomicFile.WriteAllText(target, script);
                context.Out.WriteLine($"wrote {target}: {settings.Array} array tasks × {settings.Workers} worker(s) × {settings.Threads} thread(s) on {settings.Store}; submit with: sbatch {target}");
            }

            return CliApp.Success;
        });
        return command;
    }

    /// <summary>What the script asks for.</summary>
    internal sealed record Settings(string Sweep, string Store, int Array, int Workers, int Threads, string Time, string? Partition, string? Memory, string Netspace);

    /// <summary>The sbatch script.</summary>
    internal static string Script(Settings s)
    {
        var b = new StringBuilder();
        void Line(string text) => b.Append(text).Append('\n');
        Line("#!/bin/bash");
        Line($"# Workers for NetSpace sweep {s.Sweep} on {s.Store}, written by: netspace sweep slurm");
        Line($"#SBATCH --job-name=netspace-{s.Sweep}");
        Line(string.Create(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{s.Array - 1}"));
        Line("#SBATCH --nodes=1");
        Line("#SBATCH --ntasks=1");
        Line(string.Create(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={s.Workers * s.Threads}"));
        Line($"#SBATCH --time={s.Time}");
        if (s.Partition is not null)
        {
            Line($"#SBATCH --partition={s.Partition}");
        }

        if (s.Memory is not null)
        {
            Line($"#SBATCH --mem={s.Memory}");
        }

        Line($"#SBATCH --output=netspace-{s.Sweep}-%A_%a.out");
        Line("# Two minutes before the time limit the job gets SIGTERM: workers give their trials back, the next task or run takes them.");
        Line("#SBATCH --signal=B:TERM@120");
        Line("set -euo pipefail");
        Line("# No password here: sbatch passes PGPASSWORD from the submitting shell, or the nodes read ~/.pgpass (or PGPASSFILE).");
        Line($"export NETSPACE_STORE={Quote(s.Store)}");
        Line(string.Create(
            CultureInfo.InvariantCulture,
            $"exec {s.Netspace} sweep run {Quote(s.Sweep)} --workers {s.Workers} --threads-per-worker {s.Threads}"));
        return b.ToString();
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static int Positive(int value, string option) =>
        value >= 1 ? value : throw new CliUsageException($"{option}: {value} must be ≥ 1");

    private static string Checked(string value, string option, Regex pattern) =>
        pattern.IsMatch(value) ? value : throw new CliUsageException($"{option}: '{value}' is not a valid Slurm value");

    [GeneratedRegex(@"^(\d+-)?\d+(:\d{1,2}){0,2}$")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.,-]+$")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"^\d+[KMGT]?$")]
    private static partial Regex MemoryPattern();
}
