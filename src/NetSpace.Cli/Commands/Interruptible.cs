namespace NetSpace.Cli.Commands;

/// <summary>
/// Runs long work that Ctrl+C stops cleanly: the first Ctrl+C cancels the token (the work stops after its current
/// step, its last checkpoint stays) and the command prints how to resume and exits 1.
/// </summary>
internal static class Interruptible
{
    /// <summary>Runs <paramref name="work"/>; on cancellation prints the resume hint and returns null.</summary>
    public static T? Run<T>(CliContext context, string? resumeCommand, Func<CancellationToken, T> work)
        where T : class
    {
        using var interrupt = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            interrupt.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return work(interrupt.Token);
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine(resumeCommand is null ? "error: interrupted" : $"error: interrupted; continue with: {resumeCommand}");
            return null;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
