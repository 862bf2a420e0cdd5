using System.Text.Json;
using Assay.Rollouts;
using NATS.Client.KeyValueStore;

namespace Assay.Cluster;

/// <summary>
/// The adaptive concurrency's back-off on 429s, held for the whole cluster: when a 429 lowers this worker's limit
/// (<see cref="AimdConcurrencyLimiter.Overloaded"/>), the service's back-off epoch in the limits bucket is raised by
/// compare-and-set, and every other worker watching the key lowers its own limit once per epoch
/// (<see cref="AimdConcurrencyLimiter.BackOff"/>). A 429 means the service is overloaded by everyone sending to it, so
/// one worker backing off alone would leave the others to take its share. The hot path never waits on NATS: the epoch
/// is written only when a limit falls, and read by a watch pushed from the server. A worker whose own 429 finds a
/// newer epoch than it has seen counts its decrease as that epoch's (the same overload, seen twice), so N workers
/// hit by one burst halve once each, not N times. Additive increase stays each worker's own.
/// </summary>
public sealed class ClusterBackOff : IAsyncDisposable
{
    private readonly INatsKVStore _store;
    private readonly string _key;
    private readonly AimdConcurrencyLimiter _limiter;
    private readonly TimeProvider _time;
    private readonly string _self = Guid.NewGuid().ToString("N");
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _publishing = new(1, 1);
    private Task _watch = Task.CompletedTask;
    private long _seen;
    private long _published;
    private long _received;

    private ClusterBackOff(INatsKVStore store, string key, AimdConcurrencyLimiter limiter, TimeProvider time)
    {
        _store = store;
        _key = key;
        _limiter = limiter;
        _time = time;
    }

    /// <summary>Back-offs this worker wrote for the cluster.</summary>
    public long Published => Interlocked.Read(ref _published);

    /// <summary>Back-offs of other workers this worker followed.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Ties <paramref name="limiter"/> to the back-off of service <paramref name="service"/> (<see cref="ServiceKey"/>)
    /// in <paramref name="store"/> (the limits bucket). Back-offs before now are history: a worker starts at its maximum.</summary>
    public static async Task<ClusterBackOff> StartAsync(
        INatsKVStore store, string service, AimdConcurrencyLimiter limiter, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(service);
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(time);
        var backOff = new ClusterBackOff(store, $"backoff.{service}", limiter, time);
        backOff._seen = (await backOff.ReadAsync(cancellationToken).ConfigureAwait(false)).Current?.Epoch ?? 0;
        backOff._watch = Task.Run(backOff.WatchAsync, CancellationToken.None);
        limiter.Overloaded += backOff.OnOverloaded;
        return backOff;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _limiter.Overloaded -= OnOverloaded;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _watch.ConfigureAwait(false);

        // A back-off being written finishes (or gives up) before the bucket's connection may close.
        await _publishing.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        _publishing.Dispose();
        _stop.Dispose();
    }

    private void OnOverloaded(object? sender, EventArgs e) => _ = PublishAsync();

    /// <summary>Raises the epoch, unless another worker raised it since this one last looked (then this worker's own
    /// decrease was for that epoch's overload).</summary>
    private async Task PublishAsync()
    {
        try
        {
            await _publishing.WaitAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var (current, revision) = await ReadAsync(_stop.Token).ConfigureAwait(false);
                var epoch = current?.Epoch ?? 0;
                lock (_lock)
                {
                    if (epoch > _seen)
                    {
                        _seen = epoch;
                        return;
                    }
                }

                var next = JsonSerializer.SerializeToUtf8Bytes(new BackOffEpoch(epoch + 1, _self, _time.GetUtcNow()), ClusterJsonContext.Default.BackOffEpoch);
                var written = revision == 0
                    ? (await _store.TryCreateAsync(_key, next, cancellationToken: _stop.Token).ConfigureAwait(false)).Success
                    : (await _store.TryUpdateAsync(_key, next, revision, cancellationToken: _stop.Token).ConfigureAwait(false)).Success;
                if (written)
                {
                    lock (_lock)
                    {
                        _seen = Math.Max(_seen, epoch + 1);
                    }

                    Interlocked.Increment(ref _published);
                    return;
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // Shutting down: the cluster's next 429 tells the others.
        }
        catch (Exception ex) when (ex is NATS.Client.Core.NatsException or TimeoutException)
        {
            // NATS is away: this worker has backed off already; the others learn of the overload from their own 429s.
        }
        finally
        {
            _publishing.Release();
        }
    }

    /// <summary>Follows the epoch: each one written by another worker, newer than any seen, lowers this worker's limit once.</summary>
    private async Task WatchAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await foreach (var entry in _store.WatchAsync<byte[]>(_key, opts: new NatsKVWatchOpts { IgnoreDeletes = true }, cancellationToken: _stop.Token)
                    .ConfigureAwait(false))
                {
                    if (entry.Value is not { } bytes || JsonSerializer.Deserialize(bytes, ClusterJsonContext.Default.BackOffEpoch) is not { } epoch)
                    {
                        continue;
                    }

                    var follow = false;
                    lock (_lock)
                    {
                        if (epoch.Epoch > _seen)
                        {
                            _seen = epoch.Epoch;
                            follow = epoch.By != _self;
                        }
                    }

                    if (follow)
                    {
                        _limiter.BackOff();
                        Interlocked.Increment(ref _received);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NATS.Client.Core.NatsException or TimeoutException)
            {
                // The watch broke (NATS restarting): watch again in a moment; the epochs missed meanwhile count as one.
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<(BackOffEpoch? Current, ulong Revision)> ReadAsync(CancellationToken cancellationToken)
    {
        var entry = await _store.TryGetEntryAsync<byte[]>(_key, cancellationToken: cancellationToken).ConfigureAwait(false);
        return entry.Success && entry.Value.Value is { } bytes
            ? (JsonSerializer.Deserialize(bytes, ClusterJsonContext.Default.BackOffEpoch), entry.Value.Revision)
            : (null, 0);
    }
}
