namespace Assay.Cluster;

/// <summary>A model service's shared back-off in the limits bucket: how many times a worker of the cluster has lowered
/// its concurrency on a 429 from the service, the last of them by whom.</summary>
/// <param name="Epoch">Back-offs so far; each new one is this plus one, written by compare-and-set.</param>
/// <param name="By">The worker process that wrote it (it does not back off twice for its own).</param>
/// <param name="At">When it was written.</param>
public sealed record BackOffEpoch(long Epoch, string By, DateTimeOffset At);
