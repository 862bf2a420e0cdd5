using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;

namespace Assay.Cluster;

/// <summary>
/// A connection to the cluster's NATS server with its JetStream objects made sure of: the slots work-queue stream and
/// the workers' durable pull consumer, the dead-letter stream, and the two key-value buckets. Creating them is
/// idempotent, so the coordinator and every worker do it on start and whichever comes first creates them. Only what
/// Debian's nats-server 2.9 has: work-queue retention, explicit acks with ack wait, in-progress acks, a duplicate
/// window, subject-filtered purge, key-value buckets with revisions.
/// </summary>
public sealed class ClusterConnection : IAsyncDisposable
{
    private readonly NatsConnection _nats;

    private ClusterConnection(NatsConnection nats, NatsJSContext js, INatsKVStore campaigns, INatsKVStore limits)
    {
        _nats = nats;
        JetStream = js;
        Campaigns = campaigns;
        Limits = limits;
    }

    /// <summary>The JetStream context.</summary>
    public NatsJSContext JetStream { get; }

    /// <summary>The campaigns bucket (<see cref="SharedCampaignState"/>).</summary>
    public INatsKVStore Campaigns { get; }

    /// <summary>The limits bucket (<see cref="ClusterRateLimiter"/>).</summary>
    public INatsKVStore Limits { get; }

    /// <summary>Connects to <paramref name="url"/> (<c>nats://host:port</c>) and makes sure of the stream, consumer and buckets.</summary>
    public static async Task<ClusterConnection> OpenAsync(string url, string name, ClusterOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        ArgumentNullException.ThrowIfNull(options);
        var nats = new NatsConnection(new NatsOpts { Url = url, Name = name, ConnectTimeout = TimeSpan.FromSeconds(5) });
        try
        {
            await nats.ConnectAsync().ConfigureAwait(false);
            var js = new NatsJSContext(nats);
            await js.CreateOrUpdateStreamAsync(
                new StreamConfig(ClusterNames.SlotsStream, ["assay.slots.>"])
                {
                    Retention = StreamConfigRetention.Workqueue,
                    Storage = StreamConfigStorage.File,
                    DuplicateWindow = TimeSpan.FromMinutes(2),
                },
                cancellationToken).ConfigureAwait(false);
            await js.CreateOrUpdateStreamAsync(
                new StreamConfig(ClusterNames.DeadStream, ["assay.dead.>"]) { Storage = StreamConfigStorage.File },
                cancellationToken).ConfigureAwait(false);
            await js.CreateOrUpdateConsumerAsync(
                ClusterNames.SlotsStream,
                new ConsumerConfig(ClusterNames.SlotsConsumer)
                {
                    AckPolicy = ConsumerConfigAckPolicy.Explicit,
                    AckWait = options.AckWait,
                    // Unlimited here: the worker that receives delivery MaxDeliveries + 1 moves the chunk to the dead-letter
                    // stream itself (2.9 has no dead-letter queue of its own, only an advisory).
                    MaxDeliver = -1,
                    MaxAckPending = 10_000,
                },
                cancellationToken).ConfigureAwait(false);
            var kv = new NatsKVContext(js);
            var campaigns = await kv.CreateOrUpdateStoreAsync(new NatsKVConfig(ClusterNames.CampaignBucket) { History = 1 }, cancellationToken).ConfigureAwait(false);
            var limits = await kv.CreateOrUpdateStoreAsync(new NatsKVConfig(ClusterNames.LimitsBucket) { History = 1 }, cancellationToken).ConfigureAwait(false);
            return new ClusterConnection(nats, js, campaigns, limits);
        }
        catch
        {
            await nats.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The shared state of campaign <paramref name="campaignId"/>.</summary>
    public SharedCampaignState Campaign(string campaignId) => new(Campaigns, campaignId);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _nats.DisposeAsync();
}
