namespace NetSpace.Sweeps;

/// <summary>
/// Renews a trial's lease from a dedicated thread while the trial trains. The thread only talks to
/// the store — libtorch is never touched from it. When the store says the lease is no longer ours
/// (it expired and another worker took the trial), <see cref="Lost"/> is cancelled so training stops.
/// </summary>
internal sealed class LeaseHeartbeat : IDisposable
{
    private readonly ITrialStore store;
    private readonly long trialId;
    private readonly string worker;
    private readonly TimeSpan lease;
    private readonly TimeSpan interval;
    private readonly Action<string>? log;
    private readonly ManualResetEventSlim stop = new(false);
    private readonly CancellationTokenSource lost = new();
    private readonly Thread thread;

    public LeaseHeartbeat(ITrialStore store, long trialId, string worker, TimeSpan lease, TimeSpan interval, Action<string>? log)
    {
        this.store = store;
        this.trialId = trialId;
        this.worker = worker;
        this.lease = lease;
        this.interval = interval;
        this.log = log;
        thread = new Thread(Beat) { IsBackground = true, Name = $"lease heartbeat (trial {trialId})" };
        thread.Start();
    }

    /// <summary>Cancelled when the lease is known to be lost.</summary>
    public CancellationToken Lost => lost.Token;

    /// <summary>Whether the lease was lost.</summary>
    public bool IsLost => lost.IsCancellationRequested;

    /// <summary>Stops renewing and waits for the thread (no renewal happens after this returns).</summary>
    public void Stop()
    {
        stop.Set();
        thread.Join();
    }

    public void Dispose()
    {
        Stop();
        stop.Dispose();
        lost.Dispose();
    }

    private void Beat()
    {
        while (!stop.Wait(interval))
        {
            try
            {
                if (!store.RenewLease(trialId, worker, lease))
                {
                    log?.Invoke($"trial id {trialId}: lease lost (expired and taken over, or the trial was changed); stopping it");
                    lost.Cancel();
                    return;
                }
            }
            catch (Exception ex) when (ex is TrialStoreException or ObjectDisposedException)
            {
                // A busy or briefly unavailable store: try again next beat; if the lease runs out meanwhile, the next renewal says so.
                log?.Invoke($"trial id {trialId}: heartbeat failed: {ex.Message}");
            }
        }
    }
}
