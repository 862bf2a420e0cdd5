namespace Assay.Cluster;

/// <summary>Why a campaign's cluster run stopped, as stored in its state (<see cref="SharedCampaignState.StopAsync"/>).</summary>
public static class ClusterStop
{
    /// <summary>A chunk's worst case no longer fits in <c>--max-cost</c>.</summary>
    public const string Budget = "budget";

    /// <summary>The service refused a request it will always refuse.</summary>
    public const string Refused = "refused";

    /// <summary>Infrastructure failures passed <c>--max-infra-failures</c>, judged by the coordinator from the archive.</summary>
    public const string InfrastructureThreshold = "infrastructure-threshold";

    /// <summary>The coordinator was interrupted (SIGINT, SIGTERM).</summary>
    public const string Interrupted = "interrupted";
}
