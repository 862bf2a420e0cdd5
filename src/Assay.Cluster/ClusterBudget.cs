using System.Text.Json;
using NATS.Client.KeyValueStore;

namespace Assay.Cluster;

/// <summary>
/// A campaign's <c>--max-cost</c> held for the whole cluster: one key-value entry (<see cref="BudgetLedger"/>) holds what
/// its rollouts spent and the worst cases the chunks in flight reserved, changed only by compare-and-set. A worker
/// reserves a whole chunk's worst case before it sends any of its requests (one round trip per chunk) and settles it
/// (the reservation gone, what the chunk spent added) once the chunk is archived, so the spend never exceeds the limit.
/// A chunk that does not fit beside the reservations in flight waits for them; the campaign has reached its budget only
/// when the chunk does not fit in what is not spent, so it ends within one chunk's worst case of the limit. A chunk
/// redelivered after its worker died takes over the reservation that worker left.
/// </summary>
public sealed class ClusterBudget
{
    private const string Key = "budget";

    private readonly INatsKVStore _store;
    private readonly string _key;

    /// <summary>The budget of <paramref name="campaignId"/> in <paramref name="store"/> (the campaigns bucket).</summary>
    public ClusterBudget(INatsKVStore store, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(campaignId);
        _store = store;
        _key = $"{campaignId}.{Key}";
    }

    /// <summary>Starts the count from what the campaign's earlier runs spent (the coordinator, before publishing).</summary>
    public async Task StartAsync(decimal spentBefore, CancellationToken cancellationToken) =>
        await _store.PutAsync(_key, Encode(new BudgetLedger(spentBefore, new Dictionary<int, decimal>())), cancellationToken: cancellationToken).ConfigureAwait(false);

    /// <summary>The ledger now.</summary>
    public async Task<BudgetLedger> ReadAsync(CancellationToken cancellationToken)
    {
        var entry = await _store.TryGetEntryAsync<byte[]>(_key, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Decode(entry.Success ? entry.Value.Value : null);
    }

    /// <summary>Reserves <paramref name="amount"/> for chunk <paramref name="chunk"/> if it fits under <paramref name="limit"/>.</summary>
    public async Task<BudgetReservation> TryReserveAsync(int chunk, decimal amount, decimal limit, CancellationToken cancellationToken)
    {
        var outcome = BudgetReservation.Reserved;
        await CompareAndSet.ApplyAsync(_store, _key, value =>
        {
            var ledger = Decode(value);
            var others = ledger.Reserved.Where(r => r.Key != chunk).Sum(r => r.Value);
            outcome = ledger.Spent + amount > limit ? BudgetReservation.Exhausted
                : ledger.Spent + others + amount > limit ? BudgetReservation.Wait
                : BudgetReservation.Reserved;
            return outcome == BudgetReservation.Reserved ? Encode(ledger with { Reserved = With(ledger.Reserved, chunk, amount) }) : null;
        }, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>Ends chunk <paramref name="chunk"/>'s reservation and counts what it spent.</summary>
    public Task SettleAsync(int chunk, decimal spent, CancellationToken cancellationToken) =>
        CompareAndSet.ApplyAsync(_store, _key, value =>
        {
            var ledger = Decode(value);
            return Encode(new BudgetLedger(ledger.Spent + spent, With(ledger.Reserved, chunk, null)));
        }, cancellationToken);

    private static Dictionary<int, decimal> With(IReadOnlyDictionary<int, decimal> reserved, int chunk, decimal? amount)
    {
        var next = reserved.Where(r => r.Key != chunk).ToDictionary(r => r.Key, r => r.Value);
        if (amount is { } value)
        {
            next[chunk] = value;
        }

        return next;
    }

    private static byte[] Encode(BudgetLedger ledger) => JsonSerializer.SerializeToUtf8Bytes(ledger, ClusterJsonContext.Default.BudgetLedger);

    private static BudgetLedger Decode(byte[]? value) =>
        (value is null ? null : JsonSerializer.Deserialize(value, ClusterJsonContext.Default.BudgetLedger)) ?? new BudgetLedger(0m, new Dictionary<int, decimal>());
}
