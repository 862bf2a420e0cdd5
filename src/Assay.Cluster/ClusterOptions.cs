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
}
