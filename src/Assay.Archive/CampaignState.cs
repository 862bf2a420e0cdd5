namespace Assay.Archive;

/// <summary>What the latest run of a campaign recorded about it.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="Status"><see cref="Running"/>, <see cref="Completed"/> or <see cref="Stopped"/>.</param>
/// <param name="Reason">Why it stopped (a stop reason's word), or null.</param>
/// <param name="Planned">Rollouts planned: problems × N.</param>
/// <param name="UpdatedAt">When the run recorded it.</param>
public sealed record CampaignState(string CampaignId, string Status, string? Reason, int Planned, DateTimeOffset UpdatedAt)
{
    /// <summary>A run holds the campaign now (or died without a word: see the lease).</summary>
    public const string Running = "running";

    /// <summary>Every planned rollout was asked and archived.</summary>
    public const string Completed = "completed";

    /// <summary>The run ended before the plan did; <see cref="Reason"/> says why. A resume finishes it.</summary>
    public const string Stopped = "stopped";
}
