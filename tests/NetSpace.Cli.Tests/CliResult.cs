using System.Text.Json;

namespace NetSpace.Tests;

/// <summary>Exit code and captured output of one run.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Err)
{
    /// <summary>Lines written to stderr.</summary>
    public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Parses stdout as one JSON document (fails the test when it is not).</summary>
    public JsonElement Json()
    {
        using var doc = JsonDocument.Parse(Out);
        return doc.RootElement.Clone();
    }

    /// <summary>Asserts the exit code (stderr may hold progress lines).</summary>
    public CliResult AssertExitCode(int expected)
    {
        Assert.True(ExitCode == expected, $"exit code {ExitCode}, expected {expected}; stderr: {Err}");
        return this;
    }

    /// <summary>Asserts success with nothing on stderr.</summary>
    public CliResult AssertSuccess()
    {
        Assert.True(ExitCode == 0, $"exit code {ExitCode}; stderr: {Err}");
        Assert.Equal(string.Empty, Err);
        return this;
    }

    /// <summary>Asserts a usage error: exit 2, nothing on stdout, exactly one <c>error: </c> line on stderr.</summary>
    public string AssertUsageError()
    {
        Assert.True(ExitCode == 2, $"exit code {ExitCode}; stdout: {Out}; stderr: {Err}");
        Assert.Equal(string.Empty, Out);
        var line = Assert.Single(ErrLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        return line;
    }
}
