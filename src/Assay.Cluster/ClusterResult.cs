using Assay.Rollouts;

namespace Assay.Cluster;

/// <summary>What a campaign's run over the cluster did, read from the archive and the campaign's shared state.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Planned">Slots planned (published a window at a time).</param>
/// <param name="Archived">Of those, archived by the workers.</param>
/// <param name="InfrastructureFailures">Of those, infrastructure failures.</param>
/// <param name="StopReason">Why the run ended (<see cref="CampaignStopReason.Cancelled"/>: interrupted).</param>
/// <param name="Reasked">Slots asked again after a redelivery: at most this many requests were paid twice.</param>
/// <param name="DeadChunks">Chunks moved to the dead-letter stream.</param>
/// <param name="DeadSlots">Slots in those chunks (not asked).</param>
/// <param name="Verifier">The verifier identity the workers were pinned to, if any worked.</param>
/// <param name="Elapsed">Wall time from the first chunk published to the end.</param>
public sealed record ClusterResult(
    string CampaignId,
    int Planned,
    long Archived,
    long InfrastructureFailures,
    CampaignStopReason StopReason,
    long Reasked,
    long DeadChunks,
    long DeadSlots,
    string? Verifier,
    TimeSpan Elapsed)
{
    /// <summary>The most of the campaign's chunks the stream held at once (at most <see cref="ClusterOptions.PublishWindow"/>).</summary>
    public long MostChunksInStream { get; init; }
}
