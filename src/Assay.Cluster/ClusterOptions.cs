namespace Assay.Cluster;

/// <summary>How the cluster's stream and consumer behave; the same on the coordinator and every worker.</summary>
public sealed record ClusterOptions
{
    /// <summary>How long a worker may hold a chunk without acknowledging it (or sending an in-progress acknowledgement)
    /// before JetStream gives it to another worker: how soon a killed worker's chunk is redelivered.</summary>
    public TimeSpan AckWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries of one chunk before the worker that receives it next moves it to the dead-letter stream instead
    /// of running it: a chunk that killed this many workers is not given to another.</summary>
    public int MaxDeliveries { get; init; } = 5;

    /// <summary>Slots per chunk (one message of the work queue).</summary>
    public int ChunkSize { get; init; } = 16;

    /// <summary>The most chunks of one campaign the coordinator keeps in the stream unacknowledged; it publishes more as
    /// workers acknowledge them. It bounds the stream's storage and the coordinator's memory whatever the campaign's size,
    /// and caps the backlog KEDA sees (its <c>lagThreshold</c> must be below it). Each worker lane holds one chunk, so it must exceed the lanes
    /// of all workers together; 1,024 chunks of 16 HumanEval slots are ~26 MB in the stream and ~6 s of work at 2,778
    /// rollouts/s, against a top-up every poll (250 ms).</summary>
    public int PublishWindow { get; init; } = 1024;
}
