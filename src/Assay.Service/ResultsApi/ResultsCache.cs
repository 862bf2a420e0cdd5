using System.Collections.Concurrent;
using System.Diagnostics;
using Assay.Archive.Results;
using Assay.Core;
using Microsoft.Extensions.Logging;

namespace Assay.Service.ResultsApi;

/// <summary>
/// Computed views (leaderboards, progress, solve rates) held as ready UTF-8 JSON: a request for a view held reads no
/// database and computes nothing. What keeps a view correct:
/// <list type="bullet">
/// <item>Rollouts landing. A view is stamped with the archive's version it was computed from (bumped by the tally
/// trigger in the same transaction as the rollouts, whichever process stores them). <see cref="ArchiveObserver"/>
/// reads the version every refresh interval and passes it to <see cref="Observe"/>, which recomputes the views in use
/// in the background, at most once per <see cref="RefreshPeriod"/>. Meanwhile the previous answer is served, for at
/// most <see cref="StaleGrace"/> after the new version was seen; past that a request recomputes the view itself.</item>
/// <item>The embargo. A public view is answered only from the moment it was computed until the next rollout after
/// its cut-off leaves the embargo (that rollout's time plus the embargo), never outside. When that moment is less
/// than <see cref="PrecomputeAhead"/> away, the view as it will be then is computed in the background and takes over
/// exactly at it; a clock that jumps past it (or boundaries closer together than the refresh interval) makes the
/// request compute the view itself.</item>
/// </list>
/// Views not asked for during <see cref="IdleAfter"/> are dropped rather than kept current. Concurrent requests for a
/// view that must be computed compute it once.
/// </summary>
internal sealed partial class ResultsCache(ResultsArchive archive, TimeProvider clock, ResultsServiceOptions options, ILogger<ResultsCache> log)
{
    private const int MaxEntries = 1024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _observedVersion = -1;
    private long _refreshTicks;
    private long _lastPass;
    private int _passRunning;

    /// <summary>
    /// The least time between the starts of two passes over the views: the refresh interval, or ten times what the last
    /// pass spent if that is longer, so recomputing takes at most a tenth of a core however fast rollouts land.
    /// </summary>
    public TimeSpan RefreshPeriod => TimeSpan.FromTicks(Math.Max(options.RefreshInterval.Ticks, 10 * Interlocked.Read(ref _refreshTicks)));

    /// <summary>How long after a new archive version is seen a view computed before it may still be served: three periods.</summary>
    public TimeSpan StaleGrace => 3 * RefreshPeriod;

    /// <summary>How long before a public view's end the next one is computed.</summary>
    public TimeSpan PrecomputeAhead => 5 * options.RefreshInterval;

    /// <summary>How long a view may go unasked before it is dropped instead of recomputed.</summary>
    public static TimeSpan IdleAfter { get; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The view <paramref name="key"/> (which must name everything the view depends on, the caller's tier included) as
    /// <paramref name="tier"/> sees it; <paramref name="compute"/> makes it for a visibility, and must capture nothing of
    /// the request, as it is kept to recompute the view.
    /// </summary>
    public ValueTask<byte[]> GetAsync(string key, Tier tier, Func<RolloutVisibility, CancellationToken, Task<byte[]>> compute, CancellationToken cancellationToken) =>
        TryGet(key) is { } json ? ValueTask.FromResult(json) : new ValueTask<byte[]>(ComputeAsync(key, tier, compute, cancellationToken));

    /// <summary>The view <paramref name="key"/> when it is held and may be answered now, else null (then call <see cref="GetAsync"/>).</summary>
    public byte[]? TryGet(string key) => _entries.TryGetValue(key, out var entry) ? Servable(entry) : null;

    /// <summary>
    /// Takes <paramref name="version"/>, just read from the archive, as current and, at most once per
    /// <see cref="RefreshPeriod"/>, starts a pass in the background that recomputes the views in use computed from an
    /// older version, computes public views whose end is near as they will be after it, and drops idle ones.
    /// </summary>
    public void Observe(long version, CancellationToken cancellationToken)
    {
        // Marked stale before the version is published, so a request never sees a view older than the version and not marked.
        var seen = Stopwatch.GetTimestamp();
        foreach (var entry in _entries.Values)
        {
            if (entry.Current is { } current && current.Version != version && Interlocked.Read(ref entry.StaleSince) == 0)
            {
                Interlocked.Exchange(ref entry.StaleSince, seen);
            }
        }

        Volatile.Write(ref _observedVersion, version);
        var lastPass = Interlocked.Read(ref _lastPass);
        if ((lastPass == 0 || Stopwatch.GetElapsedTime(lastPass) >= RefreshPeriod) && Interlocked.Exchange(ref _passRunning, 1) == 0)
        {
            _ = RefreshViewsAsync(version, cancellationToken);
        }
    }

    private async Task RefreshViewsAsync(long version, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        Interlocked.Exchange(ref _lastPass, started);
        try
        {
            foreach (var (key, entry) in _entries)
            {
                if (Stopwatch.GetElapsedTime(Interlocked.Read(ref entry.LastUsed)) > IdleAfter)
                {
                    _entries.TryRemove(key, out _);
                    continue;
                }

                try
                {
                    await RefreshAsync(entry, version, cancellationToken);
                }
                catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
                {
                    // The view stays as it was: served within the grace, then computed by a request (which reports its own error).
                    LogRefreshFailed(log, ex, key);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The server is stopping.
        }
        finally
        {
            Interlocked.Exchange(ref _refreshTicks, Stopwatch.GetElapsedTime(started).Ticks);
            Volatile.Write(ref _passRunning, 0);
        }
    }

    private async Task RefreshAsync(Entry entry, long version, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var current = entry.Current;
        var next = entry.Next;
        var recompute = current is null || current.Version != version || !current.Covers(now);
        var ahead = !recompute && current!.Until - now < PrecomputeAhead && (next is null || next.Version != version);
        if (!recompute && !ahead)
        {
            return;
        }

        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            if (recompute)
            {
                Store(entry, await ComputeViewAsync(entry, now, cancellationToken));
            }

            current = entry.Current!;
            if (current.Until - now < PrecomputeAhead && current.Until != DateTimeOffset.MaxValue)
            {
                entry.Next = await ComputeViewAsync(entry, current.Until, cancellationToken);
            }
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task<byte[]> ComputeAsync(string key, Tier tier, Func<RolloutVisibility, CancellationToken, Task<byte[]>> compute, CancellationToken cancellationToken)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            entry = _entries.GetOrAdd(key, _ => new Entry(tier, compute));
        }

        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            if (Servable(entry) is { } computedMeanwhile)
            {
                return computedMeanwhile;
            }

            var view = await ComputeViewAsync(entry, clock.GetUtcNow(), cancellationToken);
            Store(entry, view);
            return view.Json;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    // A view computed while a newer version was published is stale from the moment it is stored.
    private void Store(Entry entry, View view) =>
        entry.Store(view, view.Version == Volatile.Read(ref _observedVersion) ? 0 : Stopwatch.GetTimestamp());

    // The view as it is at the instant `at`: the version is read before the view, so rollouts landing during the
    // computation leave it stale, never wrong.
    private async Task<View> ComputeViewAsync(Entry entry, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var version = Volatile.Read(ref _observedVersion) is var observed and >= 0 ? observed : await archive.VersionAsync(cancellationToken);
        var visibility = AccessPolicy.VisibilityOf(entry.Tier, at, options.Embargo);
        var json = await entry.Compute(visibility, cancellationToken);
        if (visibility.Cutoff is not { } cutoff)
        {
            return new View(version, DateTimeOffset.MinValue, DateTimeOffset.MaxValue, json);
        }

        var until = await archive.NextCreatedAfterAsync(cutoff, cancellationToken) is { } next ? next + options.Embargo : DateTimeOffset.MaxValue;
        return new View(version, at, until, json);
    }

    // The view's answer when it may be given now: computed from the observed version (or within the grace after a newer
    // one was seen, while it is recomputed) and, for the public tier, valid at this instant.
    private byte[]? Servable(Entry entry)
    {
        var now = clock.GetUtcNow();
        var view = entry.Current;
        if (view is null || !view.Covers(now))
        {
            if (entry.Next is not { } next || !next.Covers(now))
            {
                return null;
            }

            entry.Promote(view, next);
            view = next;
        }

        var observed = Volatile.Read(ref _observedVersion);
        if (observed < 0 || (view.Version != observed && !Within(Interlocked.Read(ref entry.StaleSince), StaleGrace)))
        {
            return null;
        }

        entry.Touch();
        return view.Json;
    }

    private static bool Within(long since, TimeSpan grace) => since != 0 && Stopwatch.GetElapsedTime(since) < grace;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not recompute the view {Key} in the background")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, string key);

    /// <summary>One view's answer: the archive version it was computed from and the instants it is valid between.</summary>
    private sealed record View(long Version, DateTimeOffset From, DateTimeOffset Until, byte[] Json)
    {
        // A clock set back before From would see fewer rollouts released than the view holds.
        public bool Covers(DateTimeOffset now) => now >= From && now < Until;
    }

    private sealed class Entry(Tier tier, Func<RolloutVisibility, CancellationToken, Task<byte[]>> compute)
    {
        private View? _current;
        private View? _next;

        // Stopwatch timestamps: when the view was last asked for, and when a newer archive version was seen (0: not stale).
        public long LastUsed = Stopwatch.GetTimestamp();
        public long StaleSince;

        public Tier Tier => tier;

        public Func<RolloutVisibility, CancellationToken, Task<byte[]>> Compute => compute;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public View? Current => Volatile.Read(ref _current);

        public View? Next
        {
            get => Volatile.Read(ref _next);
            set => Volatile.Write(ref _next, value);
        }

        public void Store(View view, long staleSince)
        {
            Volatile.Write(ref _current, view);
            Volatile.Write(ref _next, null);
            Interlocked.Exchange(ref StaleSince, staleSince);
            Touch();
        }

        // The next view took over at its instant; whichever request gets here first moves it.
        public void Promote(View? current, View next)
        {
            if (Interlocked.CompareExchange(ref _current, next, current) == current)
            {
                Interlocked.CompareExchange(ref _next, null, next);
            }
        }

        // Written at most once a second, so requests on different cores do not fight over the line it lives in.
        public void Touch()
        {
            var now = Stopwatch.GetTimestamp();
            if (now - Volatile.Read(ref LastUsed) > Stopwatch.Frequency)
            {
                Volatile.Write(ref LastUsed, now);
            }
        }
    }
}
