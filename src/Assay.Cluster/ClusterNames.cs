namespace Assay.Cluster;

/// <summary>The names a cluster's NATS JetStream objects go by: the one place that decides them, so the coordinator, the
/// workers and the deployment examples (KEDA reads the consumer by name) agree.</summary>
public static class ClusterNames
{
    /// <summary>The work-queue stream of campaign slots, in chunks.</summary>
    public const string SlotsStream = "ASSAY_SLOTS";

    /// <summary>The durable pull consumer every rollout worker shares (KEDA scales on its backlog).</summary>
    public const string SlotsConsumer = "assay-workers";

    /// <summary>The work-queue stream of answered rollouts that generate workers hand to verify workers, one per message.</summary>
    public const string VerifyStream = "ASSAY_VERIFY";

    /// <summary>The durable pull consumer every verify worker shares.</summary>
    public const string VerifyConsumer = "assay-verifiers";

    /// <summary>The stream of chunks that kept killing the workers that took them.</summary>
    public const string DeadStream = "ASSAY_DEAD";

    /// <summary>The key-value bucket of per-campaign shared state: its stop status, verifier identity, counters, budget.</summary>
    public const string CampaignBucket = "assay-campaigns";

    /// <summary>The key-value bucket of rate-limit windows and the shared concurrency back-off, per model service.</summary>
    public const string LimitsBucket = "assay-limits";

    /// <summary>The subject a campaign's chunks are published on.</summary>
    public static string SlotsSubject(string campaignId) => $"assay.slots.{campaignId}";

    /// <summary>The subject a campaign's answered rollouts wait on for a verify worker.</summary>
    public static string VerifySubject(string campaignId) => $"assay.verify.{campaignId}";

    /// <summary>The subject a campaign's dead chunks are published on.</summary>
    public static string DeadSubject(string campaignId) => $"assay.dead.{campaignId}";
}
