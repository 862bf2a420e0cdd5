using NATS.Client.KeyValueStore;

namespace Assay.Cluster;

/// <summary>The one way shared state changes in a key-value bucket: read the entry and its revision, compute the new
/// value, write it only if the revision is unchanged (or the key still absent), and start again if another process wrote
/// first.</summary>
internal static class CompareAndSet
{
    /// <summary>Applies <paramref name="change"/> (current value or null → new value, or null to change nothing) to
    /// <paramref name="key"/>; true once written, false when <paramref name="change"/> declined.</summary>
    public static async Task<bool> ApplyAsync(INatsKVStore store, string key, Func<byte[]?, byte[]?> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var entry = await store.TryGetEntryAsync<byte[]>(key, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (change(entry.Success ? entry.Value.Value : null) is not { } next)
            {
                return false;
            }

            var written = entry.Success
                ? (await store.TryUpdateAsync(key, next, entry.Value.Revision, cancellationToken: cancellationToken).ConfigureAwait(false)).Success
                : (await store.TryCreateAsync(key, next, cancellationToken: cancellationToken).ConfigureAwait(false)).Success;
            if (written)
            {
                return true;
            }
        }
    }
}
