namespace Assay.Rollouts;

/// <summary>The word a stop reason is shown and stored as (<c>completed</c>, <c>budget</c>, <c>infrastructure-threshold</c>, ...).</summary>
public static class CampaignStopReasonWords
{
    /// <summary>The reason's word.</summary>
    public static string Of(CampaignStopReason reason) => reason switch
    {
        CampaignStopReason.InfrastructureThreshold => "infrastructure-threshold",
        CampaignStopReason.ArchiveFailure => "archive-failure",
        _ => reason.ToString().ToLowerInvariant(),
    };
}
