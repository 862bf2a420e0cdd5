namespace Assay.Rollouts;

/// <summary>Why a campaign run ended.</summary>
public enum CampaignStopReason
{
    /// <summary>Every planned rollout is archived.</summary>
    Completed,
    /// <summary><see cref="CampaignRunOptions.MaxCost"/> was reached; resume with a larger budget to finish.</summary>
    Budget,
    /// <summary>Cancelled (Ctrl-C); everything scored was archived; resume to finish.</summary>
    Cancelled,
}
