using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;
using NATS.Client.KeyValueStore;

namespace Assay.Cluster;

/// <summary>
/// A connection to the cluster's NATS server with its JetStream objects made sure of: the slots and verify work-queue
/// streams with their workers' durable pull consumers, the dead-letter stream, and the two key-value buckets. Creating them is
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
            await js.CreateOrUpdateStreamAsync(WorkQueue(ClusterNames.SlotsStream, "assay.slots.>"), cancellationToken).ConfigureAwait(false);
            await js.CreateOrUpdateStreamAsync(WorkQueue(ClusterNames.VerifyStream, "assay.verify.>"), cancellationToken).ConfigureAwait(false);
            await js.CreateOrUpdateStreamAsync(
                new StreamConfig(ClusterNames.DeadStream, ["assay.dead.>"]) { Storage = StreamConfigStorage.File },
                cancellationToken).ConfigureAwait(false);
            await js.CreateOrUpdateConsumerAsync(ClusterNames.SlotsStream, WorkConsumer(ClusterNames.SlotsConsumer, options), cancellationToken).ConfigureAwait(false);
            await js.CreateOrUpdateConsumerAsync(ClusterNames.VerifyStream, WorkConsumer(ClusterNames.VerifyConsumer, options), cancellationToken).ConfigureAwait(false);
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

    /// <summary>A durable pull consumer that workers share: explicit acks, the ack wait, no delivery limit of the server's
    /// own (the worker that receives delivery <see cref="ClusterOptions.MaxDeliveries"/> + 1 moves the message to the
    /// dead-letter stream itself: 2.9 has no dead-letter queue, only an advisory).</summary>
    /// <summary>A work-queue stream on disk: a message is gone once acknowledged, and a publish repeated within two
    /// minutes with the same message id is stored once.</summary>
    private static StreamConfig WorkQueue(string name, string subjects) => new(name, [subjects])
    {
        Retention = StreamConfigRetention.Workqueue,
        Storage = StreamConfigStorage.File,
        DuplicateWindow = TimeSpan.FromMinutes(2),
    };

    private static ConsumerConfig WorkConsumer(string name, ClusterOptions options) => new(name)
    {
        AckPolicy = ConsumerConfigAckPolicy.Explicit,
        AckWait = options.AckWait,
        MaxDeliver = -1,
        MaxAckPending = 10_000,
    };

    /// <summary>Runs <paramref name="count"/> pull loops at once on the workers' consumer <paramref name="consumer"/> of
    /// <paramref name="stream"/> until all end. Each gets the consumer and a drain linked to <paramref name="drain"/>,
    /// which one loop cancels to stop the others (a refusal).</summary>
    internal async Task RunLanesAsync(
        string stream, string consumer, int count, Func<INatsJSConsumer, CancellationTokenSource, Task> lane, CancellationToken drain, CancellationToken abort)
    {
        var pull = await JetStream.GetConsumerAsync(stream, consumer, abort).ConfigureAwait(false);
        using var lanesDrain = CancellationTokenSource.CreateLinkedTokenSource(drain);
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(() => lane(pull, lanesDrain), CancellationToken.None))).ConfigureAwait(false);
    }

    /// <summary>The shared state of campaign <paramref name="campaignId"/>.</summary>
    public SharedCampaignState Campaign(string campaignId) => new(Campaigns, campaignId);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _nats.DisposeAsync();
}
