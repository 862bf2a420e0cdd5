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

    /// <summary>Where answered rollouts are spilled before they count (<see cref="RolloutSpill"/>, one file per campaign),
    /// and where a resume finds them; null: no spill (what a kill loses is then re-asked by the resume).</summary>
    public string? SpillDirectory { get; init; }

    /// <summary>Once the run is told to stop, how long requests in flight may take to be answered (and kept) before they
    /// are given up, and how long the archive may take to store what was answered (the rest stays in the spill).</summary>
    public TimeSpan DrainGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gives up requests in flight and the wait for the archive at once (a second Ctrl-C), grace or not.</summary>
    public CancellationToken Abandon { get; init; }

    /// <summary>Least time between two progress reports.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
