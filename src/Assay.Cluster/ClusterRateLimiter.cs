using System.Text.Json;
using NATS.Client.KeyValueStore;

namespace Assay.Cluster;

/// <summary>
/// One limit (requests or tokens per window of one model service) shared by every worker: the window's count lives in a
/// JetStream key-value entry changed only by compare-and-set, and each worker leases permits from it in batches, so a
/// request costs a round trip to NATS only once per batch. A permit is good only in the first 40 % of the window it was
/// leased in: the rest (<see cref="Guard"/>) is for the request it admits to reach the service (on a 2-core machine
/// loaded by nine worker processes, a request took over half a second from its last check to the service's handler),
/// so the service never sees more than <see cref="RateWindowShape.Permits"/> in one window. Using the permits early
/// costs no throughput while requests wait for them, which is when a limit binds. Leased permits a worker does not
/// use by the window's end are lost, so the cluster may send fewer than the limit allows (at most a batch per worker
/// per window), never more.
/// </summary>
public sealed class ClusterRateLimiter : IDisposable
{
    private readonly INatsKVStore _store;
    private readonly string _key;
    private readonly RateWindowShape _shape;
    private readonly int _batch;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _window = -1;
    private long _left;

    /// <summary>Creates a limiter on entry <paramref name="key"/> of <paramref name="store"/>.</summary>
    /// <param name="store">The limits bucket.</param>
    /// <param name="key">The limit's key, e.g. <c>rpm.SERVICE</c>.</param>
    /// <param name="shape">Permits per window and the window's length.</param>
    /// <param name="batch">Permits leased per round trip at most.</param>
    /// <param name="time">The clock (wall time: windows are aligned on Unix time across machines).</param>
    public ClusterRateLimiter(INatsKVStore store, string key, RateWindowShape shape, int batch, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _key = key;
        _shape = shape;
        _batch = batch;
        _time = time;
        Guard = shape.Length * 3 / 5;
    }

    /// <summary>The end of each window in which no permit is used: time for an admitted request to reach the service.</summary>
    public TimeSpan Guard { get; }

    /// <summary>Round trips to the bucket so far (leases and refused compare-and-sets).</summary>
    public long RoundTrips { get; private set; }

    /// <summary>Waits until <paramref name="permits"/> permits (at most a window's) are leased in the current window.</summary>
    /// <returns>When the permits expire: the request they admit must be sent before then.</returns>
    public async Task<DateTimeOffset> AcquireAsync(int permits, CancellationToken cancellationToken)
    {
        permits = Math.Clamp(permits, 1, _shape.Permits);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var now = _time.GetUtcNow();
                var window = _shape.IndexOf(now);
                var expires = _shape.StartOf(window + 1) - Guard;
                var usable = now < expires;
                if (usable && window == _window && _left >= permits)
                {
                    _left -= permits;
                    return expires;
                }

                if (usable && await TryLeaseAsync(window, permits, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                // Nothing left in this window (or too late in it): wait for the next.
                var wait = _shape.StartOf(window + 1) - _time.GetUtcNow();
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), _time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Leases up to a batch of the window's permits (at least <paramref name="permits"/>); false when the window
    /// has fewer than that left.</summary>
    private async Task<bool> TryLeaseAsync(long window, int permits, CancellationToken cancellationToken)
    {
        while (true)
        {
            RoundTrips++;
            var entry = await _store.TryGetEntryAsync<byte[]>(_key, cancellationToken: cancellationToken).ConfigureAwait(false);
            RateWindow current;
            ulong revision;
            if (entry.Success)
            {
                current = JsonSerializer.Deserialize(entry.Value.Value, ClusterJsonContext.Default.RateWindow) ?? new RateWindow(window, 0);
                revision = entry.Value.Revision;
            }
            else
            {
                current = new RateWindow(window, 0);
                revision = 0;
            }

            if (current.Window > window)
            {
                // Another worker's clock is ahead: this one waits for its own to reach that window.
                return false;
            }

            var used = current.Window == window ? current.Used : 0;
            var available = _shape.Permits - used;
            if (available < permits)
            {
                return false;
            }

            var take = Math.Min(available, Math.Max(permits, _batch));
            var next = JsonSerializer.SerializeToUtf8Bytes(new RateWindow(window, used + take), ClusterJsonContext.Default.RateWindow);
            RoundTrips++;
            var written = revision == 0
                ? (await _store.TryCreateAsync(_key, next, cancellationToken: cancellationToken).ConfigureAwait(false)).Success
                : (await _store.TryUpdateAsync(_key, next, revision, cancellationToken: cancellationToken).ConfigureAwait(false)).Success;
            if (written)
            {
                // Permits left over from an earlier window are void.
                _left = (_window == window ? _left : 0) + take;
                _window = window;
                return true;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
