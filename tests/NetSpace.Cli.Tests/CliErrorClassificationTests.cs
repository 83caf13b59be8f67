using NetSpace.Cli;

namespace NetSpace.Tests;

/// <summary>Which exceptions are the user's bad input (exit 2) and which are runtime failures (exit 1).</summary>
public class CliErrorClassificationTests
{
    [Fact]
    public void AFullDiskIsARuntimeFailureButAnOccupiedRunFolderIsBadInput()
    {
        Assert.False(CliApp.IsUsageError(new IOException("No space left on device")));
        Assert.True(CliApp.IsUsageError(new Training.RunFolderConflictException("runs/a: already holds a run")));
        Assert.True(CliApp.IsUsageError(new FileNotFoundException("spec.json")));
        Assert.True(CliApp.IsUsageError(new DirectoryNotFoundException("runs/missing")));
        Assert.False(CliApp.IsUsageError(new InvalidOperationException("Sequence contains more than one element")));
    }
}
