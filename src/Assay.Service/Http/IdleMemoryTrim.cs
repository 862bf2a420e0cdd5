using System.Runtime;

namespace Assay.Service.Http;

/// <summary>
/// Gives memory back to the operating system once the server has been idle for <see cref="Delay"/>. A burst of
/// generations leaves gigabytes of dead KV caches on the large-object heap (a batch of n = 128 allocates ~38 MB), and
/// the GC collects only when something allocates: idle, the process would keep its peak size for ever (the issue's
/// "unchanged after 10 s idle"). One aggressive, compacting collection after the last request ends returns it, made
/// only when the working set has grown by <see cref="Slack"/> since the last one, so a health check polled every
/// second costs no collections.
/// </summary>
public sealed class IdleMemoryTrim(TimeProvider clock)
{
    /// <summary>How long no request may be in flight before the collection.</summary>
    public static TimeSpan Delay { get; } = TimeSpan.FromSeconds(2);

    /// <summary>Growth of the working set, since the last collection, worth a collection.</summary>
    public const long Slack = 64L << 20;

    private int _inFlight;
    private int _trimming;
    private long _workingSetAfterTrim = Environment.WorkingSet;

    /// <summary>Marks a request as started; dispose the result when it ends.</summary>
    public IDisposable Enter()
    {
        Interlocked.Increment(ref _inFlight);
        return new Request(this);
    }

    private void Leave()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0)
        {
            _ = TrimWhenStillIdleAsync();
        }
    }

    private async Task TrimWhenStillIdleAsync()
    {
        await Task.Delay(Delay, clock).ConfigureAwait(false);
        if (Volatile.Read(ref _inFlight) != 0 || Environment.WorkingSet < Interlocked.Read(ref _workingSetAfterTrim) + Slack
            || Interlocked.Exchange(ref _trimming, 1) == 1)
        {
            return;
        }

        try
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            Interlocked.Exchange(ref _workingSetAfterTrim, Environment.WorkingSet);
        }
        finally
        {
            Volatile.Write(ref _trimming, 0);
        }
    }

    private sealed class Request(IdleMemoryTrim trim) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                trim.Leave();
            }
        }
    }
}
