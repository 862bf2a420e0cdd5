using Assay.Archive;

namespace Assay.Rollouts;

/// <summary>How a campaign run is driven (the policy's own behaviour is in <see cref="PolicyOptions"/>).</summary>
public sealed record CampaignRunOptions
{
    /// <summary>Rollouts worked on at once (asking, verifying, archiving); should be at least the policy's maximum concurrency.</summary>
    public int Workers { get; init; } = 64;

    /// <summary>When infrastructure failures stop the run (<see cref="CampaignStopReason.InfrastructureThreshold"/>).</summary>
    public InfrastructureThreshold MaxInfrastructureFailures { get; init; } = InfrastructureThreshold.Default;

    /// <summary>
    /// The most the campaign may spend, in US dollars, this run and every earlier run of it together (what earlier runs
    /// spent is read from the archive). With <see cref="Price"/>, a rollout starts only when its worst case
    /// (<see cref="RolloutRequest.WorstCaseCost"/>) fits in what the budget has left after the spend so far and the
    /// worst cases of the rollouts in flight, so the spend never exceeds the budget. Without a price, rollouts stop
    /// starting once the spend reaches the budget, and those in flight may overshoot it.
    /// </summary>
    public decimal? MaxCost { get; init; }

    /// <summary>The policy's price, for the worst-case reservations that keep <see cref="MaxCost"/> a hard limit.</summary>
    public ModelPrice? Price { get; init; }

    /// <summary>How scored rollouts are batched into the archive. A shorter flush interval loses (and later re-asks)
    /// fewer rollouts if the process is killed; a larger batch writes faster.</summary>
    public RolloutWriterOptions Writer { get; init; } = new(FlushInterval: TimeSpan.FromMilliseconds(50));

    /// <summary>Least time between two progress reports.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
