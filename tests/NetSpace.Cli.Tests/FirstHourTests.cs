using NetSpace.Cli.Commands;
using NetSpace.Cli.Output;

namespace NetSpace.Tests;

/// <summary>The rough edges a new user met in the first hour (issue 22): hints, help texts, output folders, wording.</summary>
public class FirstHourTests
{
    [Fact]
    public void A_missing_argument_is_named()
    {
        string line = CliRunner.Run("sweep", "status").AssertUsageError();
        Assert.Equal("error: missing argument NAME (Sweep name) (see 'netspace sweep status --help')", line);
    }

    [Fact]
    public void Analyze_help_shows_the_store_default_once_and_the_top_level_help_both_halves()
    {
        string help = CliRunner.Run("analyze", "--help").AssertSuccess().Out;
        string storeLine = help.Split('\n').Single(l => l.TrimStart().StartsWith("--store", StringComparison.Ordinal));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(storeLine, @"\[default:"));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(storeLine, "netspace\\.db"));

        string top = CliRunner.Run("--help").AssertSuccess().Out;
        Assert.Contains("design spaces", top, StringComparison.Ordinal);
        Assert.Contains("multi-task architecture search", top, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_refuses_an_unrelated_non_empty_output_folder()
    {
        using var dir = new TempDirectory();
        string folder = dir.File("notes");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "todo.txt"), "mine");
        string line = CliRunner.Run("train", "--model", "regnetx-200mf", "--epochs", "1", "--out", folder).AssertUsageError();
        Assert.Contains($"--out {folder}: the folder is not empty and holds no NetSpace run", line, StringComparison.Ordinal);
        Assert.Equal(["todo.txt"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void Output_folder_guard_accepts_new_empty_and_own_folders()
    {
        using var dir = new TempDirectory();
        OutputFolderGuard.RequireNewOrOwn(dir.File("new"), "--out", "analysis", "report.html");
        OutputFolderGuard.RequireNewOrOwn(dir.Path, "--out", "analysis", "report.html"); // empty
        File.WriteAllText(dir.File("report.html"), "<html>");
        File.WriteAllText(dir.File("other.txt"), "x");
        OutputFolderGuard.RequireNewOrOwn(dir.Path, "--out", "analysis", "report.html"); // ours, even with other files
        File.Delete(dir.File("report.html"));
        Assert.Throws<NetSpace.Cli.CliUsageException>(() => OutputFolderGuard.RequireNewOrOwn(dir.Path, "--out", "analysis", "report.html"));
    }

    [Fact]
    public void Hints_name_a_store_that_is_not_the_default_and_quote_paths()
    {
        Assert.Equal(string.Empty, NextStep.StoreOption("netspace.db"));
        Assert.Equal(string.Empty, NextStep.StoreOption(Path.GetFullPath("netspace.db")));
        Assert.Equal(" --store /tmp/x/quickstart.db", NextStep.StoreOption("/tmp/x/quickstart.db"));
        Assert.Equal(" --store '/tmp/my runs/q.db'", NextStep.StoreOption("/tmp/my runs/q.db"));
        Assert.Equal("'it'\\''s'", NextStep.Quote("it's"));
    }

    [Fact]
    public void The_example_printed_for_a_missing_store_runs_as_printed()
    {
        using var dir = new TempDirectory();
        string line = CliRunner.Run("sweep", "status", "x", "--store", dir.File("none.db")).AssertUsageError();
        const string marker = "e.g.: netspace ";
        string command = line[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].TrimEnd(')');
        string output = CliRunner.Run(command.Split(' ')).AssertSuccess().Out;
        Assert.Contains("sweep demo created in", output, StringComparison.Ordinal);
        Assert.Contains($"next: netspace sweep run demo --store {dir.File("none.db")} --workers 2", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "1 epoch")]
    [InlineData(2, "2 epochs")]
    [InlineData(0, "0 epochs")]
    public void Counts_agree_with_their_noun(long n, string expected) => Assert.Equal(expected, Words.Count(n, "epoch"));

    [Fact]
    public void Prose_wraps_at_spaces_within_the_width()
    {
        var lines = NarrowLayout.Wrap("conclusion: small-regnetx is better than small-anynetx-a: its median error is 9.9 points lower", 40, "  ");
        Assert.All(lines, l => Assert.True(l.Length <= 40, l));
        Assert.Equal("conclusion: small-regnetx is better than small-anynetx-a: its median error is 9.9 points lower", string.Join(' ', lines.Select(l => l.Trim())));
        Assert.StartsWith("  ", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Table_width_counts_borders_and_padding()
    {
        // │ ab │ c │ = 1 + (2 + 3) + (1 + 3)
        Assert.Equal(10, NarrowLayout.TableWidth(["ab", "c"], [["a", "c"]]));
    }
}
