using System.Runtime;
using Assay.Nano;

namespace Assay.Service.Http;

/// <summary>
/// Gives memory back to the operating system once the server has been idle for <see cref="Delay"/>: the KV caches kept
/// for the next generation, and the garbage of the last burst. Dead KV caches sit on the pinned heap (a batch of
/// n = 128 allocates ~38 MB), and
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
    private long _started;
    private int _watching;
    private long _workingSetAfterTrim = Environment.WorkingSet;

    /// <summary>Marks a request as started; dispose the result when it ends.</summary>
    public IDisposable Enter()
    {
        Interlocked.Increment(ref _started);
        Interlocked.Increment(ref _inFlight);
        return new Request(this);
    }

    // Under load the count of requests in flight touches zero thousands of times a second: one watch at a time, so that
    // costs one timer per Delay, not a timer and a read of /proc/self/status per touch.
    private void Leave()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && Interlocked.Exchange(ref _watching, 1) == 0)
        {
            _ = WatchForIdleAsync();
        }
    }

    // Waits until a whole Delay passes with no request started and none in flight, then trims; gives up while requests
    // are in flight (the last one to end starts the watch again).
    private async Task WatchForIdleAsync()
    {
        while (true)
        {
            var started = Interlocked.Read(ref _started);
            await Task.Delay(Delay, clock).ConfigureAwait(false);
            if (Volatile.Read(ref _inFlight) == 0 && Interlocked.Read(ref _started) == started)
            {
                Trim();
            }
            else if (Volatile.Read(ref _inFlight) == 0)
            {
                continue;
            }

            Volatile.Write(ref _watching, 0);
            // A request that ended just before the line above found the watch still running and started none: take over.
            if (Volatile.Read(ref _inFlight) != 0 || Interlocked.Read(ref _started) == started || Interlocked.Exchange(ref _watching, 1) != 0)
            {
                return;
            }
        }
    }

    private void Trim()
    {
        if (Environment.WorkingSet < Interlocked.Read(ref _workingSetAfterTrim) + Slack)
        {
            return;
        }

        // No request is in flight, so no generation runs: the KV caches kept for the next one are only weight now.
        NanoSampler.ReleasePooledCaches();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Interlocked.Exchange(ref _workingSetAfterTrim, Environment.WorkingSet);
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
