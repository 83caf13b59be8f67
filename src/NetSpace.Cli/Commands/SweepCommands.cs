using System.CommandLine;

namespace NetSpace.Cli.Commands;

/// <summary><c>netspace sweep create|run|status|list|export|copy|slurm</c>: populations of trained models in a trial store (pycls setup / launch / collect).</summary>
internal static class SweepCommands
{
    /// <summary>The <c>sweep</c> command group.</summary>
    public static Command Create(CliContext context) => new("sweep", "Sample many models from a design space and train them in parallel worker processes, crash-safely, in a trial store")
    {
        SweepCreateCommand.Create(context),
        SweepRunCommand.Create(context),
        SweepStatusCommand.Create(context),
        SweepListCommand.Create(context),
        SweepExportCommand.Create(context),
        SweepBestCommand.Create(context),
        SweepCopyCommand.Create(context),
        SweepSlurmCommand.Create(context),
        SweepWorkerCommand.Create(context),
    };
}
