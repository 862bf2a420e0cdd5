using System.Collections.Concurrent;
using Assay.Archive.Results;

namespace Assay.Service.ResultsApi;

/// <summary>
/// Computed views (leaderboards, progress, solve rates) as serialized JSON, kept until they could have changed. An
/// entry records the archive's version when it was computed and, for the public tier, the moment the next rollout
/// leaves the embargo (the earliest rollout created after the cut-off, plus the embargo). It is served while the
/// version is unchanged and that moment has not come: no rollout landed, none was released, so the answer is the
/// same. Each request pays one read of the version (a one-row primary-key lookup). Concurrent misses of one view
/// compute it once.
/// </summary>
internal sealed class ResultsCache(ResultsArchive archive, TimeProvider clock)
{
    private const int MaxEntries = 1024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>The view <paramref name="key"/> (which must name everything it depends on but the visibility) as <paramref name="visibility"/> sees it.</summary>
    public async Task<byte[]> GetAsync(string key, RolloutVisibility visibility, TimeSpan embargo, Func<CancellationToken, Task<byte[]>> compute, CancellationToken cancellationToken)
    {
        var fullKey = (visibility.Cutoff is null ? "all|" : "released|") + key;
        var version = await archive.VersionAsync(cancellationToken);
        if (Fresh(fullKey, version) is { } hit)
        {
            return hit;
        }

        var gate = _gates.GetOrAdd(fullKey, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(fullKey, version) is { } computedMeanwhile)
            {
                return computedMeanwhile;
            }

            // The version is read before the view: a rollout landing during the computation leaves the entry stale, never wrong.
            var json = await compute(cancellationToken);
            DateTimeOffset? validUntil = null;
            if (visibility.Cutoff is { } cutoff)
            {
                validUntil = await archive.NextCreatedAfterAsync(cutoff, cancellationToken) is { } next ? next + embargo : DateTimeOffset.MaxValue;
            }

            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            _entries[fullKey] = new Entry(version, clock.GetUtcNow(), validUntil, json);
            return json;
        }
        finally
        {
            gate.Release();
        }
    }

    private byte[]? Fresh(string key, long version) =>
        _entries.TryGetValue(key, out var entry) && entry.Version == version && (entry.ValidUntil is null || Within(entry, clock.GetUtcNow()))
            ? entry.Json
            : null;

    // A clock set back before the computation would see fewer rollouts released than the entry holds.
    private static bool Within(Entry entry, DateTimeOffset now) => now >= entry.ComputedAt && now < entry.ValidUntil;

    private sealed record Entry(long Version, DateTimeOffset ComputedAt, DateTimeOffset? ValidUntil, byte[] Json);
}
