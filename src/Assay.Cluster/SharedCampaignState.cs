using System.Globalization;
using System.Text;
using NATS.Client.KeyValueStore;

namespace Assay.Cluster;

/// <summary>
/// A campaign's shared state in the campaigns bucket, every change a compare-and-set: why it stopped (set once, by
/// whoever saw it first), the verifier identity its verdicts carry (pinned by the first worker), and counters every
/// worker adds to (slots asked again after a redelivery, chunks moved to the dead-letter stream).
/// </summary>
public sealed class SharedCampaignState
{
    /// <summary>Counter: slots a redelivered chunk asked again because the worker that held it before had not archived
    /// them. Each may have been asked (and paid for) twice; at most this many were.</summary>
    public const string Reasked = "reasked";

    /// <summary>Counter: chunks moved to the dead-letter stream.</summary>
    public const string DeadChunks = "dead-chunks";

    /// <summary>Counter: slots in those chunks.</summary>
    public const string DeadSlots = "dead-slots";

    private readonly INatsKVStore _store;
    private readonly string _campaignId;

    /// <summary>The state of <paramref name="campaignId"/> in <paramref name="store"/> (the campaigns bucket).</summary>
    public SharedCampaignState(INatsKVStore store, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(campaignId);
        _store = store;
        _campaignId = campaignId;
    }

    /// <summary>Records why the campaign stops (the first reason given wins); returns the reason that stands.</summary>
    public async Task<string> StopAsync(string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        var created = await _store.TryCreateAsync(Key("stop"), Encoding.UTF8.GetBytes(reason), cancellationToken: cancellationToken).ConfigureAwait(false);
        return created.Success ? reason : await StoppedAsync(cancellationToken).ConfigureAwait(false) ?? reason;
    }

    /// <summary>Why the campaign stopped, or null while it runs.</summary>
    public async Task<string?> StoppedAsync(CancellationToken cancellationToken) => await ReadAsync("stop", cancellationToken).ConfigureAwait(false);

    /// <summary>Pins <paramref name="identity"/> as the campaign's verifier if none is pinned yet; returns the pinned one.</summary>
    public async Task<string> PinVerifierAsync(string identity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(identity);
        var created = await _store.TryCreateAsync(Key("verifier"), Encoding.UTF8.GetBytes(identity), cancellationToken: cancellationToken).ConfigureAwait(false);
        return created.Success ? identity : await ReadAsync("verifier", cancellationToken).ConfigureAwait(false) ?? identity;
    }

    /// <summary>The pinned verifier identity, or null when no worker has started on the campaign.</summary>
    public Task<string?> VerifierAsync(CancellationToken cancellationToken) => ReadAsync("verifier", cancellationToken);

    /// <summary>Adds <paramref name="amount"/> to counter <paramref name="name"/>.</summary>
    public Task AddAsync(string name, long amount, CancellationToken cancellationToken) =>
        CompareAndSet.ApplyAsync(_store, Key(name), value =>
        {
            var count = value is null ? 0 : long.Parse(Encoding.UTF8.GetString(value), CultureInfo.InvariantCulture);
            return Encoding.UTF8.GetBytes((count + amount).ToString(CultureInfo.InvariantCulture));
        }, cancellationToken);

    /// <summary>Counter <paramref name="name"/>'s value (0 if never added to).</summary>
    public async Task<long> CountAsync(string name, CancellationToken cancellationToken)
    {
        var text = await ReadAsync(name, cancellationToken).ConfigureAwait(false);
        return text is null ? 0 : long.Parse(text, CultureInfo.InvariantCulture);
    }

    /// <summary>Stores a setting the coordinator gives every worker (the limits, as text).</summary>
    public async Task SetAsync(string name, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        await _store.PutAsync(Key(name), Encoding.UTF8.GetBytes(value), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A value, or null when the key holds none.</summary>
    public async Task<string?> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var entry = await _store.TryGetEntryAsync<byte[]>(Key(name), cancellationToken: cancellationToken).ConfigureAwait(false);
        return entry.Success && entry.Value.Value is { } bytes ? Encoding.UTF8.GetString(bytes) : null;
    }

    private string Key(string name) => $"{_campaignId}.{name}";
}
