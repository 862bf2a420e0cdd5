using System.Globalization;
using System.Text;
using NATS.Client.KeyValueStore;

namespace Assay.Cluster;

/// <summary>
/// A campaign's <c>--max-cost</c> held for the whole cluster: one key-value entry holds what is committed (spent by every
/// run so far plus the worst cases reserved by the chunks in flight), changed only by compare-and-set. A worker reserves
/// a whole chunk's worst case before it sends any of its requests (a batch of permits, one round trip) and gives back
/// what the chunk did not spend once it is archived, so the spend never exceeds the limit. A worker killed while holding
/// a reservation leaves it committed: the cluster may stop short of the limit, never past it.
/// </summary>
public sealed class ClusterBudget
{
    private const string Committed = "budget-committed";

    private readonly INatsKVStore _store;
    private readonly string _key;

    /// <summary>The budget of <paramref name="campaignId"/> in <paramref name="store"/> (the campaigns bucket).</summary>
    public ClusterBudget(INatsKVStore store, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(campaignId);
        _store = store;
        _key = $"{campaignId}.{Committed}";
    }

    /// <summary>Starts the count from what the campaign's earlier runs spent (the coordinator, before publishing).</summary>
    public async Task StartAsync(decimal spentBefore, CancellationToken cancellationToken) =>
        await _store.PutAsync(_key, Encode(spentBefore), cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <summary>What is committed now.</summary>
    public async Task<decimal> CommittedAsync(CancellationToken cancellationToken)
    {
        var entry = await _store.TryGetEntryAsync<byte[]>(_key, cancellationToken: cancellationToken).ConfigureAwait(false);
        return entry.Success ? Decode(entry.Value.Value!) : 0m;
    }

    /// <summary>Reserves <paramref name="amount"/> if it fits under <paramref name="limit"/>; false (nothing reserved) if not.</summary>
    public Task<bool> TryReserveAsync(decimal amount, decimal limit, CancellationToken cancellationToken) =>
        ChangeAsync(committed => committed + amount <= limit ? committed + amount : null, cancellationToken);

    /// <summary>Gives back the part of a reservation a chunk did not spend.</summary>
    public Task SettleAsync(decimal reserved, decimal spent, CancellationToken cancellationToken) =>
        ChangeAsync(committed => committed - (reserved - spent), cancellationToken);

    private Task<bool> ChangeAsync(Func<decimal, decimal?> change, CancellationToken cancellationToken) =>
        CompareAndSet.ApplyAsync(_store, _key, value => change(value is null ? 0m : Decode(value)) is { } next ? Encode(next) : null, cancellationToken);

    private static byte[] Encode(decimal value) => Encoding.UTF8.GetBytes(value.ToString(CultureInfo.InvariantCulture));

    private static decimal Decode(byte[] value) => decimal.Parse(Encoding.UTF8.GetString(value), CultureInfo.InvariantCulture);
}
