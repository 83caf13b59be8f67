using System.Diagnostics;
using NetSpace.Sweeps;
using NetSpace.Training;
using NetSpace.Torch.Training;
using Xunit.Abstractions;

namespace NetSpace.Tests;

/// <summary>
/// Sweeps on a real PostgreSQL server with real worker processes training tiny models: several runners
/// (4 workers) on one sweep, a worker killed with SIGKILL, the server restarted mid-sweep, and the commands
/// (status by host, list, export, analyze, copy, slurm) on a server store that never show the password.
/// </summary>
public class PostgresSweepCommandTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    private static void CreateTinySweep(string url, string name, int samples)
    {
        using var trialStore = PostgresTrialStore.Open(url);
        SweepTinySpace.CreateSweep(trialStore, name, samples, valSplit: 0.25);
    }

    private static void AssertEachTrialCompletedOnce(ITrialStore store, string sweep, int samples)
    {
        Assert.Equal(new TrialCounts(0, 0, samples, 0), store.CountTrials(sweep));
        var claims = store.GetClaims(sweep);
        Assert.Equal(samples, claims.Count(c => c.Outcome == "completed"));
        Assert.Equal(samples, claims.Where(c => c.Outcome == "completed").Select(c => c.TrialId).Distinct().Count());
        foreach (var trial in store.GetTrials(sweep))
        {
            Assert.Single(store.GetEpochs(trial.Id));
            Assert.Equal(claims.Count(c => c.TrialId == trial.Id), trial.Attempts);
        }
    }

    /// <summary>Command lines of this machine's netspace worker processes (what any user can read in /proc).</summary>
    private static List<string> WorkerCommandLines()
    {
        var lines = new List<string>();
        foreach (string dir in Directory.GetDirectories("/proc"))
        {
            try
            {
                string cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains("sweep worker", StringComparison.Ordinal))
                {
                    lines.Add(cmdline);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }

        return lines;
    }

    [Fact]
    public void FourWorkersOnTwoRunnersShareOneSweepAndCommandsNeverShowThePassword()
    {
        var server = PostgresServer.Shared;
        string url = server.CreateDatabase();
        string password = server.Password;
        CreateTinySweep(url, "four", 24);
        string[] run = ["sweep", "run", "four", "--workers", "2", "--threads-per-worker", "1", "--store", url];
        var seenCommandLines = new List<string>();
        using (var first = SweepProcess.Start(run))
        using (var second = SweepProcess.Start(run))
        {
            var clock = Stopwatch.StartNew();
            while (!first.Process.HasExited || !second.Process.HasExited)
            {
                seenCommandLines.AddRange(WorkerCommandLines());
                Assert.True(clock.Elapsed < Patience, "the runners did not finish");
                Thread.Sleep(200);
            }

            Assert.True(first.Wait(Patience) == 0, $"first runner: {first.Out} {first.Err}");
            Assert.True(second.Wait(Patience) == 0, $"second runner: {second.Out} {second.Err}");
            Assert.DoesNotContain(password, first.Out + first.Err + second.Out + second.Err, StringComparison.Ordinal);
            Assert.Contains("postgres://netspace@127.0.0.1:", first.Out, StringComparison.Ordinal);
        }

        Assert.NotEmpty(seenCommandLines);
        Assert.All(seenCommandLines, line => Assert.DoesNotContain(password, line, StringComparison.Ordinal));

        using (var check = PostgresTrialStore.Open(url, create: false))
        {
            AssertEachTrialCompletedOnce(check, "four", 24);
            ClaimAssertions.EachTrialClaimedOnce(check, "four");
            var perWorker = check.GetClaims("four").GroupBy(c => c.Worker).Select(g => g.Count()).ToArray();
            output.WriteLine($"trials per worker: {string.Join(", ", perWorker)}");
            Assert.True(perWorker.Length >= 3, $"only {perWorker.Length} of the 4 workers trained trials");
        }

        // Every command on the server store: results, and never the password.
        var status = CliRunner.Run("sweep", "status", "four", "--store", url).AssertSuccess();
        Assert.Contains("workers by host", status.Out, StringComparison.Ordinal);
        Assert.Contains(Environment.MachineName, status.Out, StringComparison.Ordinal);
        var statusJson = CliRunner.Run("sweep", "status", "four", "--store", url, "--json").AssertSuccess();
        var host = statusJson.Json().GetProperty("hosts")[0];
        Assert.Equal(Environment.MachineName, host.GetProperty("host").GetString());
        Assert.Equal(24, host.GetProperty("completed").GetInt32());
        Assert.True(host.GetProperty("workers_seen").GetInt32() >= 3);
        var list = CliRunner.Run("sweep", "list", "--store", url).AssertSuccess();
        var export = CliRunner.Run("sweep", "export", "four", "--store", url).AssertSuccess();
        Assert.Equal(25, export.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var rows = CliRunner.Run("sweep", "export", "four", "--format", "json", "--store", url).AssertSuccess().Json();
        foreach (var row in rows.EnumerateArray())
        {
            // Cost accounting: each trial's wall time from claim to result, and its worker's CPU time.
            Assert.True(row.GetProperty("trial_seconds").GetDouble() > 0);
            Assert.InRange(row.GetProperty("cpu_seconds").GetDouble(), 0.01, 3 * row.GetProperty("trial_seconds").GetDouble());
        }
        using var dir = new TempDirectory();
        var analyze = CliRunner.Run("analyze", "four", "--store", url, "--draws", "200", "--out", dir.File("analysis")).AssertSuccess(); // a 2-stage space
        string report = File.ReadAllText(dir.File("analysis/report.html")) + File.ReadAllText(dir.File("analysis/summary.json"));
        string copied = dir.File("laptop.db");
        var copy = CliRunner.Run("sweep", "copy", "four", "--from", url, "--to", copied).AssertSuccess();
        Assert.Contains("24 trials (24 completed", copy.Out, StringComparison.Ordinal);
        foreach (var text in new[] { status.Out, status.Err, statusJson.Out, list.Out, export.Out, analyze.Out, analyze.Err, report, copy.Out })
        {
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        }

        // The copy analyses like the original; copying again is refused.
        Assert.Contains("24 trials: 24 completed", CliRunner.Run("sweep", "status", "four", "--store", copied).AssertSuccess().Out, StringComparison.Ordinal);
        Assert.Contains("already exists", CliRunner.Run("sweep", "copy", "four", "--from", url, "--to", copied).AssertUsageError(), StringComparison.Ordinal);
    }

    [Fact]
    public void AWorkerKilledWithSigkillLosesItsTrialToAnotherWorkerWhichFinishesIt()
    {
        string url = PostgresServer.Shared.CreateDatabase();
        CreateTinySweep(url, "kill", 16);
        using var runner = SweepProcess.Start("sweep", "run", "kill", "--workers", "2", "--threads-per-worker", "1", "--lease", "5", "--store", url);
        using var watch = PostgresTrialStore.Open(url, create: false);
        var clock = Stopwatch.StartNew();
        TrialRecord victim;
        while (true)
        {
            var trials = watch.GetTrials("kill");
            if (trials.Count(t => t.Status == TrialStatus.Completed) >= 2 && trials.FirstOrDefault(t => t.Status == TrialStatus.Running) is { } running)
            {
                victim = running;
                break;
            }

            Assert.False(runner.Process.HasExited, $"the runner ended before a worker could be killed: {runner.Out} {runner.Err}");
            Assert.True(clock.Elapsed < Patience, "no running trial to kill");
            Thread.Sleep(20);
        }

        Assert.True(WorkerIdentity.TryParse(victim.LeaseOwner!, out var identity));
        using (var worker = Process.GetProcessById(identity!.ProcessId))
        {
            worker.Kill(); // SIGKILL to that worker only
        }

        Assert.True(runner.Wait(Patience) == 0, $"runner: {runner.Out} {runner.Err}");
        AssertEachTrialCompletedOnce(watch, "kill", 16);
        var claims = watch.GetClaims("kill").Where(c => c.Index == victim.Index).ToArray();
        output.WriteLine($"trial {victim.Index}: {string.Join("; ", claims.Select(c => $"{c.Worker} {c.Outcome}"))}");
        var finished = watch.GetTrials("kill")[victim.Index];
        if (finished.Attempts > 1)
        {
            // The killed worker's claim ended without a result, another worker trained the trial to the end.
            Assert.Equal("lease-expired", claims[0].Outcome);
            Assert.NotEqual(claims[0].Worker, claims[^1].Worker);
        }

        Assert.Equal("completed", claims[^1].Outcome);
    }

    [Fact]
    public void ARestartOfTheServerMidSweepLosesNothing()
    {
        using var server = PostgresServer.StartPrivate();
        string url = server.CreateDatabase();
        CreateTinySweep(url, "restart", 24);
        using var runner = SweepProcess.Start("sweep", "run", "restart", "--workers", "2", "--threads-per-worker", "1", "--store", url);
        var clock = Stopwatch.StartNew();
        using (var watch = PostgresTrialStore.Open(url, create: false))
        {
            while (watch.CountTrials("restart").Completed < 4)
            {
                Assert.False(runner.Process.HasExited, $"the runner ended early: {runner.Out} {runner.Err}");
                Assert.True(clock.Elapsed < Patience, "no progress before the restart");
                Thread.Sleep(50);
            }
        }

        server.Restart(); // fast shutdown: every open connection is cut, then the server comes back
        output.WriteLine($"restarted after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(runner.Wait(Patience) == 0, $"runner: {runner.Out} {runner.Err}");
        using var check = PostgresTrialStore.Open(url, create: false);
        AssertEachTrialCompletedOnce(check, "restart", 24);
        ClaimAssertions.EachTrialClaimedOnce(check, "restart"); // no lease was lost over a restart
        Assert.DoesNotContain(server.Password, runner.Out + runner.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void SlurmWritesAJobArrayOfSweepRunsWithoutThePassword()
    {
        var server = PostgresServer.Shared;
        string url = server.CreateDatabase();
        CreateTinySweep(url, "cluster", 2);
        string script = CliRunner.Run(
                "sweep", "slurm", "cluster", "--store", url, "--array", "8", "--workers-per-task", "4", "--threads-per-worker", "2",
                "--time", "12:00:00", "--partition", "cpu", "--mem", "16G", "--out", "-")
            .AssertSuccess()
            .Out;
        output.WriteLine(script);
        string[] lines = script.Split('\n');
        Assert.Equal("#!/bin/bash", lines[0]);
        Assert.Contains("#SBATCH --array=0-7", lines);
        Assert.Contains("#SBATCH --cpus-per-task=8", lines);
        Assert.Contains("#SBATCH --time=12:00:00", lines);
        Assert.Contains("#SBATCH --partition=cpu", lines);
        Assert.Contains("#SBATCH --mem=16G", lines);
        Assert.Contains("#SBATCH --signal=B:TERM@120", lines);
        string location = url.Replace(":" + server.Password, string.Empty, StringComparison.Ordinal);
        Assert.Contains($"export NETSPACE_STORE='{location}'", lines);
        Assert.Contains("exec netspace sweep run 'cluster' --workers 4 --threads-per-worker 2", lines);
        Assert.DoesNotContain(server.Password, script, StringComparison.Ordinal);
        int sbatch = Array.FindIndex(lines, l => l.StartsWith("#SBATCH", StringComparison.Ordinal));
        int firstCommand = Array.FindIndex(lines, l => l.Length > 0 && !l.StartsWith('#'));
        Assert.True(sbatch < firstCommand && lines.Skip(firstCommand).All(l => !l.StartsWith("#SBATCH", StringComparison.Ordinal)), "sbatch reads #SBATCH lines only before the first command");

        // bash accepts the script.
        using var dir = new TempDirectory();
        string file = dir.File("cluster.sbatch");
        Assert.Contains("sbatch " + file, CliRunner.Run("sweep", "slurm", "cluster", "--store", url, "--array", "2", "--out", file).AssertSuccess().Out, StringComparison.Ordinal);
        using (var bash = Process.Start(new ProcessStartInfo("bash", ["-n", file]) { RedirectStandardError = true })!)
        {
            bash.WaitForExit();
            Assert.Equal(0, bash.ExitCode);
        }

        Assert.Contains("server store", CliRunner.Run("sweep", "slurm", "cluster", "--store", dir.File("x.db"), "--array", "2").AssertUsageError(), StringComparison.Ordinal);
        Assert.Contains("--array", CliRunner.Run("sweep", "slurm", "cluster", "--store", url, "--array", "0").AssertUsageError(), StringComparison.Ordinal);
        Assert.Contains("--time", CliRunner.Run("sweep", "slurm", "cluster", "--store", url, "--array", "2", "--time", "soon; rm -rf /").AssertUsageError(), StringComparison.Ordinal);
        Assert.Contains("no sweep named 'other'", CliRunner.Run("sweep", "slurm", "other", "--store", url, "--array", "2").AssertUsageError(), StringComparison.Ordinal);
    }

    [Fact]
    public void BenchClaimsMeasuresSqliteAndPostgresAlternatelyAndLeavesNoSweepBehind()
    {
        string url = PostgresServer.Shared.CreateDatabase();
        using var dir = new TempDirectory();
        string file = dir.File("claims.db");
        var result = CliRunner.Run("bench", "claims", "--store", file, "--store", url, "--workers", "4", "--trials", "40", "--rounds", "2", "--json").AssertExitCode(0); // progress on stderr
        var rows = result.Json();
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal(file, rows[0].GetProperty("store").GetString());
        Assert.StartsWith("postgres://netspace@", rows[1].GetProperty("store").GetString(), StringComparison.Ordinal);
        foreach (var row in rows.EnumerateArray())
        {
            Assert.Equal(2, row.GetProperty("claims_per_second").GetArrayLength());
            Assert.True(row.GetProperty("median_claims_per_second").GetDouble() > 0);
        }

        Assert.DoesNotContain(PostgresServer.Shared.Password, result.Out + result.Err, StringComparison.Ordinal);
        using var sqlite = SqliteTrialStore.Open(file, create: false);
        using var server = PostgresTrialStore.Open(url, create: false);
        Assert.Empty(sqlite.ListSweeps());
        Assert.Empty(server.ListSweeps());
    }
}
