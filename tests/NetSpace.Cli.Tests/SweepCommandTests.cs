using System.Diagnostics;
using NetSpace.Sweeps;
using NetSpace.Training;
using NetSpace.Torch.Training;
using Xunit.Abstractions;

namespace NetSpace.Tests;

/// <summary>
/// <c>netspace sweep</c>: bad input, the create/status/list/export workflow, and crash safety with real
/// worker processes training tiny models on a Fashion-MNIST subset (Debian's dataset-fashion-mnist).
/// </summary>
public class SweepCommandTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private static void CreateTinySweep(string store, string name, int samples)
    {
        using var trialStore = SqliteTrialStore.Open(store);
        SweepTinySpace.CreateSweep(trialStore, name, samples);
    }

    [Fact]
    public void BadInputIsOneErrorLineAndExitCode2()
    {
        using var dir = new TempDirectory();
        string store = dir.File("store.db");
        Assert.Contains("no trial store here", CliRunner.Run("sweep", "status", "x", "--store", store).AssertUsageError(), StringComparison.Ordinal);
        Assert.Contains("no trial store here", CliRunner.Run("sweep", "run", "x", "--store", store).AssertUsageError(), StringComparison.Ordinal);
        Assert.Contains("no trial store here", CliRunner.Run("sweep", "list", "--store", store).AssertUsageError(), StringComparison.Ordinal);
        Assert.False(File.Exists(store));

        Assert.Contains("is not a sweep name", CliRunner.Run("sweep", "create", "a b", "--space", "regnetx", "--samples", "2", "--store", store).AssertUsageError(), StringComparison.Ordinal);
        Assert.Contains("--flops", CliRunner.Run("sweep", "create", "a", "--space", "regnetx", "--samples", "2", "--flops", "12M:8M", "--store", store).AssertUsageError(), StringComparison.Ordinal);
        Assert.Contains("recipe.lr", CliRunner.Run("sweep", "create", "a", "--space", "regnetx", "--samples", "2", "--lr", "-1", "--store", store).AssertUsageError(), StringComparison.Ordinal);
        CliRunner.Run("sweep", "create", "a", "--space", "regnetx", "--store", store).AssertUsageError(); // --samples is required
        Assert.Contains("--space", CliRunner.Run("sweep", "create", "a", "--space", "no-such-space", "--samples", "2", "--store", store).AssertUsageError(), StringComparison.Ordinal);

        CreateTinySweep(store, "tiny", 2);
        Assert.Contains("already exists", CliRunner.Run("sweep", "create", "tiny", "--space", "regnetx", "--samples", "2", "--store", store).AssertUsageError(), StringComparison.Ordinal);
        Assert.Contains("no sweep named 'nope'", CliRunner.Run("sweep", "status", "nope", "--store", store).AssertUsageError(), StringComparison.Ordinal);
        Assert.Contains("no sweep named 'nope'", CliRunner.Run("sweep", "export", "nope", "--store", store).AssertUsageError(), StringComparison.Ordinal);
        CliRunner.Run("sweep", "export", "tiny", "--format", "xml", "--store", store).AssertUsageError();
        File.WriteAllText(dir.File("text.db"), "this is a text file and certainly not an SQLite database, long enough");
        CliRunner.Run("sweep", "list", "--store", dir.File("text.db")).AssertUsageError();
    }

    [Fact]
    public void CreateFromABuiltInSpaceThenStatusListAndExport()
    {
        using var dir = new TempDirectory();
        string store = dir.File("store.db");
        var created = CliRunner.Run(
                "sweep", "create", "rx", "--space", "regnetx", "--samples", "4", "--stem", "small", "--data", SweepSmallFashionMnist.Data,
                "--subset", "256", "--epochs", "1", "--seed", "1", "--store", store, "--json")
            .AssertSuccess()
            .Json();
        Assert.Equal(4, created.GetProperty("trials").GetArrayLength());
        Assert.Equal(28, created.GetProperty("input_size").GetInt32());
        Assert.Equal(1, created.GetProperty("channels").GetInt32());
        Assert.Equal(10, created.GetProperty("classes").GetInt32());

        var status = CliRunner.Run("sweep", "status", "rx", "--store", store, "--json").AssertSuccess().Json();
        Assert.Equal(4, status.GetProperty("counts").GetProperty("pending").GetInt32());
        Assert.Contains("4 trials: 0 completed, 0 failed, 0 running, 4 pending", CliRunner.Run("sweep", "status", "rx", "--store", store).AssertSuccess().Out, StringComparison.Ordinal);

        var list = CliRunner.Run("sweep", "list", "--store", store, "--json").AssertSuccess().Json();
        Assert.Equal("rx", list[0].GetProperty("name").GetString());
        Assert.Contains("│ rx ", CliRunner.Run("sweep", "list", "--store", store).AssertSuccess().Out, StringComparison.Ordinal);

        var csv = CliRunner.Run("sweep", "export", "rx", "--format", "csv", "--store", store).AssertSuccess().Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, csv.Length);
        Assert.Contains("regnet_w0", csv[0], StringComparison.Ordinal);
        Assert.All(csv.Skip(1), line => Assert.Contains(",pending,0,", line, StringComparison.Ordinal));
        string file = dir.File("rx.json");
        CliRunner.Run("sweep", "export", "rx", "--format", "json", "--out", file, "--store", store).AssertSuccess();
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal(4, json.RootElement.GetArrayLength());
    }

    [Fact]
    public void RunnerKilledMidSweepThenRunAgainFinishesEveryTrialExactlyOnce()
    {
        using var dir = new TempDirectory();
        string store = dir.File("store.db");
        CreateTinySweep(store, "kill", 16);
        string[] run = ["sweep", "run", "kill", "--workers", "2", "--threads-per-worker", "1", "--lease", "5", "--store", store];

        TrialCounts atKill;
        long[] cutOff;
        using (var runner = SweepProcess.Start(run))
        using (var watch = SqliteTrialStore.Open(store, create: false))
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var counts = watch.CountTrials("kill");
                if (counts.Completed >= 4 && counts.Running >= 1)
                {
                    break;
                }

                Assert.False(runner.Process.HasExited, $"the runner ended before it could be killed; stdout: {runner.Out}; stderr: {runner.Err}");
                Assert.True(clock.Elapsed < Patience, $"no progress: {counts}");
                Thread.Sleep(50);
            }

            runner.Process.Kill(entireProcessTree: true); // SIGKILL to the runner and both workers
            runner.Process.WaitForExit();

            // The workers are killed too, but not waited for: on a loaded machine one may still claim a trial a moment
            // later. Count only once every worker that ever claimed is certainly gone (or after 20 s).
            var gone = System.Diagnostics.Stopwatch.StartNew();
            while (gone.Elapsed < TimeSpan.FromSeconds(20)
                && watch.GetClaims("kill").Select(c => c.Worker).Distinct().Any(w => WorkerIdentity.TryParse(w, out var id) && !id!.IsKnownDead()))
            {
                Thread.Sleep(50);
            }

            Thread.Sleep(200);
            atKill = watch.CountTrials("kill");

            // Trials that must end with more than one attempt: those cut off by the kill (claimed, unfinished) and those
            // a loaded machine already re-claimed before it (a lease that expired while its worker was starved).
            cutOff = watch.GetTrials("kill").Where(t => t.Attempts > 1 || (t.Attempts >= 1 && t.Status != TrialStatus.Completed)).Select(t => t.Id).ToArray();
        }

        output.WriteLine($"at SIGKILL: {atKill}");
        Assert.True(atKill.Unfinished > 0, $"the sweep finished before the kill: {atKill}");

        var again = CliRunner.Run(run).AssertSuccess();
        output.WriteLine(again.Out);
        Assert.Contains("sweep kill finished", again.Out, StringComparison.Ordinal);

        using var check = SqliteTrialStore.Open(store, create: false);
        var trials = check.GetTrials("kill");
        var claims = check.GetClaims("kill");
        Assert.Equal(new TrialCounts(0, 0, 16, 0), check.CountTrials("kill"));
        foreach (var trial in trials)
        {
            // Exactly one claim per trial ran to a stored result; any other claim was cut off by the kill: its lease
            // expired (worker killed) or the worker released it (it saw the runner's pipe close before dying).
            var mine = claims.Where(c => c.TrialId == trial.Id).ToArray();
            Assert.Single(mine, c => c.Outcome == "completed");
            Assert.All(mine.Where(c => c.Outcome != "completed"), c => Assert.True(c.Outcome is "lease-expired" or "released", c.Outcome));
            Assert.Equal(mine.Length, trial.Attempts);
            Assert.Single(check.GetEpochs(trial.Id));
        }

        int retrained = trials.Count(t => t.Attempts > 1);
        output.WriteLine($"after the second run: 16 completed, {claims.Count} claims, {retrained} trials trained again after the kill, {claims.Count(c => c.Outcome == "completed")} completions");
        // Every trial the kill cut off was trained again; on a loaded machine a 5 s lease may also expire in the second
        // run (then that trial has a lease-expired claim and still exactly one completion, checked above).
        Assert.All(cutOff, id => Assert.True(trials.Single(t => t.Id == id).Attempts > 1, $"trial {id} was cut off by the kill but not trained again"));
        Assert.True(retrained >= atKill.Running, $"{retrained} trials re-trained, {atKill.Running} were running at the kill");
        Assert.Equal(16, claims.Count(c => c.Outcome == "completed"));

        // Running again finds nothing to do; status and export see the finished sweep.
        Assert.Contains("finished: 16 completed, 0 failed of 16 trials", CliRunner.Run(run).AssertSuccess().Out, StringComparison.Ordinal);
        var status = CliRunner.Run("sweep", "status", "kill", "--store", store, "--json").AssertSuccess().Json();
        Assert.Equal(16, status.GetProperty("counts").GetProperty("completed").GetInt32());
        Assert.Equal(0, status.GetProperty("running").GetArrayLength());
        var csv = CliRunner.Run("sweep", "export", "kill", "--store", store).AssertSuccess().Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(17, csv.Length);
    }

    [Fact]
    public void TwoRunnersOnOneStoreShareTheWorkAndNoTrialIsTrainedTwice()
    {
        using var dir = new TempDirectory();
        string store = dir.File("store.db");
        CreateTinySweep(store, "two", 16);
        string[] run = ["sweep", "run", "two", "--workers", "1", "--threads-per-worker", "1", "--store", store];
        using var first = SweepProcess.Start(run);
        using var second = SweepProcess.Start(run);
        Assert.True(first.Wait(Patience) == 0, $"first runner: {first.Out} {first.Err}");
        Assert.True(second.Wait(Patience) == 0, $"second runner: {second.Out} {second.Err}");

        using var check = SqliteTrialStore.Open(store, create: false);
        var claims = check.GetClaims("two");
        Assert.Equal(new TrialCounts(0, 0, 16, 0), check.CountTrials("two"));
        ClaimAssertions.EachTrialClaimedOnce(check, "two");
        Assert.Equal(16, claims.Count);
        Assert.All(claims, c => Assert.Equal("completed", c.Outcome));
        Assert.Equal(16, claims.Select(c => c.TrialId).Distinct().Count());
        var perWorker = claims.GroupBy(c => c.Worker).Select(g => g.Count()).ToArray();
        output.WriteLine($"trials per worker: {string.Join(", ", perWorker)}");
        Assert.Equal(2, perWorker.Length); // both runners' workers trained trials
    }
}
