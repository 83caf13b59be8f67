using NetSpace.Training;
using NetSpace.Torch.Training;

namespace NetSpace.Cli.Commands;

/// <summary>The checks <c>train</c> makes on a run folder before it resumes or starts a run (single and multi-task alike).</summary>
internal static class RunFolderChecks
{
    /// <summary>The folder of an unfinished run to resume (usage error otherwise).</summary>
    public static RunFolder ForResume(string dir)
    {
        var folder = new RunFolder(dir);
        if (!File.Exists(folder.SpecFile) || !File.Exists(folder.RecipeFile))
        {
            throw new CliUsageException($"{dir}: not a run folder (spec.json and recipe.json expected)");
        }

        if (File.Exists(folder.ResultFile))
        {
            throw new CliUsageException($"{dir}: the run has already finished (result.json exists)");
        }

        return folder;
    }

    /// <summary>Refuses an output folder that already holds a run.</summary>
    public static void ForNewRun(string? dir)
    {
        if (dir is null)
        {
            return;
        }

        var target = new RunFolder(dir);
        if (File.Exists(target.CheckpointFile) || File.Exists(target.ResultFile) || File.Exists(target.MetricsFile))
        {
            throw new CliUsageException($"{target.Path}: already holds a run; use --resume to continue it or choose another --out");
        }

        OutputFolderGuard.RequireNewOrOwn(dir, "--out", "NetSpace run", "spec.json", "recipe.json");
    }
}
