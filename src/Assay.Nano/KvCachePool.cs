using System.Runtime.CompilerServices;

namespace Assay.Nano;

/// <summary>
/// Reuses KV caches between generations of the same model. A cache for a batch of n = 128 at the base model's shape is
/// ~38 MB on the pinned heap, which the GC collects only in full collections: a server answering such requests one after
/// another grew to gigabytes of dead caches (bench/Assay.Bench.Service). A cache is reused for any batch it is large
/// enough for (a position is always written before it is read, so old contents never leak into a new generation), and
/// reads the weights again when rented, as the model may have been trained since.
/// </summary>
internal static class KvCachePool
{
    /// <summary>Caches kept per model: enough for one generation per core (the server's concurrency) and no more.</summary>
    private static readonly int s_kept = Math.Max(2, Environment.ProcessorCount);

    private static readonly ConditionalWeakTable<NanoModel, List<KvCache>> s_pools = [];

    /// <summary>A cache of at least <paramref name="slots"/> slots and <paramref name="maxRows"/> rows, reused when one is free.</summary>
    public static KvCache Rent(NanoModel model, int slots, int maxRows)
    {
        var pool = s_pools.GetOrCreateValue(model);
        KvCache? cache = null;
        lock (pool)
        {
            // The smallest free cache that fits, so a large one stays free for a large batch.
            var fit = pool.Where(c => c.Slots >= slots && c.MaxRows >= maxRows).OrderBy(c => (long)c.Slots * c.MaxRows).FirstOrDefault();
            if (fit is not null)
            {
                pool.Remove(fit);
                cache = fit;
            }
        }

        if (cache is null)
        {
            return new KvCache(model, slots, maxRows);
        }

        cache.RefreshWeights();
        return cache;
    }

    /// <summary>Drops every free cache for the GC; caches in use come back to the pool as usual.</summary>
    public static void Clear()
    {
        foreach (var (_, pool) in s_pools)
        {
            lock (pool)
            {
                pool.Clear();
            }
        }
    }

    /// <summary>Gives a cache back; past <see cref="s_kept"/> free caches, the smallest is dropped for the GC.</summary>
    public static void Return(KvCache cache)
    {
        var pool = s_pools.GetOrCreateValue(cache.Model);
        lock (pool)
        {
            pool.Add(cache);
            if (pool.Count > s_kept)
            {
                pool.Remove(pool.MinBy(c => (long)c.Slots * c.MaxRows)!);
            }
        }
    }
}
