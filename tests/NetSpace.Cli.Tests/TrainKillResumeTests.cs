using System.Diagnostics;
using NetSpace.Serialization;
using NetSpace.Specs;
using NetSpace.Training;
using NetSpace.Torch.Training;

namespace NetSpace.Tests;

/// <summary>A training process killed with SIGKILL mid-run, then resumed, ends exactly like an uninterrupted run.</summary>
public class TrainKillResumeTests
{
    [Fact]
    public void KilledRunResumesToTheSameResult()
    {
        using var dir = new TempDirectory();
        var spec = new NetworkSpec
        {
            Name = "tiny",
            Stem = new StemSpec { Type = StemType.Small, Width = 8 },
            Stages =
            [
                new StageSpec { Block = BlockType.X, Depth = 1, Width = 16, Stride = 2, GroupWidth = 8 },
                new StageSpec { Block = BlockType.Y, Depth = 1, Width = 32, Stride = 2, GroupWidth = 8, SeRatio = 0.25 },
            ],
            Head = new HeadSpec { Dropout = 0.1 },
        };
        string specPath = dir.File("tiny.json");
        File.WriteAllText(specPath, SpecJson.Serialize(spec));
        string[] common = ["train", "--spec", specPath, "--subset", "1024", "--epochs", "3", "--batch", "64", "--threads", "1", "--seed", "11", "--ema-decay", "0.99", "--json"];

        var expected = CliRunner.Run([.. common, "--out", dir.File("full")]).Json();

        // The same run in a separate process, killed (SIGKILL) once its first epoch is on disk.
        string cut = dir.File("cut");
        string cli = Path.Combine(AppContext.BaseDirectory, "netspace.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(cli);
        foreach (var a in common)
        {
            start.ArgumentList.Add(a);
        }

        start.ArgumentList.Add("--out");
        start.ArgumentList.Add(cut);
        var stderr = new System.Text.StringBuilder();
        using (var process = Process.Start(start)!)
        {
            // Drain both pipes so the child never blocks on a full pipe.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) =>
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var folder = new RunFolder(cut);
            var watch = Stopwatch.StartNew();
            while (!process.HasExited && watch.Elapsed < TimeSpan.FromMinutes(2) && !(File.Exists(folder.CheckpointFile) && folder.ReadMetrics().Count >= 1))
            {
                Thread.Sleep(20);

            }

            if (process.HasExited)
            {
                Assert.Fail("the run finished before it could be killed: " + stderr);
            }

            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.NotEqual(0, process.ExitCode);
        }

        int doneBeforeKill = new RunFolder(cut).ReadMetrics().Count;
        Assert.InRange(doneBeforeKill, 1, 2);
        Assert.False(File.Exists(new RunFolder(cut).ResultFile));

        var resumed = CliRunner.Run("train", "--resume", cut, "--json").Json();
        foreach (var key in new[] { "status", "epochs", "best_epoch", "best_top1_error", "final_top1_error", "test_top1_error", "test_top5_error", "ema_test_top1_error" })
        {
            Assert.Equal(expected.GetProperty(key).ToString(), resumed.GetProperty(key).ToString());
        }

        Assert.Equal(3, new RunFolder(cut).ReadMetrics().Count);
    }
}
