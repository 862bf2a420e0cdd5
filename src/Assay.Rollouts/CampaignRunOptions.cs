using Assay.Archive;

namespace Assay.Rollouts;

/// <summary>How a campaign run is driven (the policy's own behaviour is in <see cref="PolicyOptions"/>).</summary>
public sealed record CampaignRunOptions
{
    /// <summary>Rollouts worked on at once (asking, verifying, archiving); should be at least the policy's maximum concurrency.</summary>
    public int Workers { get; init; } = 64;

    /// <summary>Stop starting rollouts once this many US dollars are spent by this run. Rollouts in flight still finish,
    /// so the spend may exceed the budget by at most what <see cref="Workers"/> requests cost.</summary>
    public decimal? MaxCost { get; init; }

    /// <summary>How scored rollouts are batched into the archive. A shorter flush interval loses (and later re-asks)
    /// fewer rollouts if the process is killed; a larger batch writes faster.</summary>
    public RolloutWriterOptions Writer { get; init; } = new(FlushInterval: TimeSpan.FromMilliseconds(50));

    /// <summary>Least time between two progress reports.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
