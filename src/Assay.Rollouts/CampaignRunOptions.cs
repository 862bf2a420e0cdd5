using Assay.Archive;

namespace Assay.Rollouts;

/// <summary>How a campaign run is driven (the policy's own behaviour, its budget included, is in <see cref="PolicyOptions"/>).</summary>
public sealed record CampaignRunOptions
{
    /// <summary>Rollouts worked on at once (asking, verifying, archiving); null: as many as the policy lets be in flight
    /// (its <see cref="AimdConcurrencyLimiter.Maximum"/>, <see cref="PolicyOptions.MaxConcurrency"/>).</summary>
    public int? Workers { get; init; }

    /// <summary>When infrastructure failures stop the run (<see cref="CampaignStopReason.InfrastructureThreshold"/>).</summary>
    public InfrastructureThreshold MaxInfrastructureFailures { get; init; } = InfrastructureThreshold.Default;

    /// <summary>How scored rollouts are batched into the archive. A shorter flush interval loses (and later re-asks)
    /// fewer rollouts if the process is killed; a larger batch writes faster.</summary>
    public RolloutWriterOptions Writer { get; init; } = new(FlushInterval: TimeSpan.FromMilliseconds(50));

    /// <summary>Least time between two progress reports.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
