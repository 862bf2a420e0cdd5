namespace Assay.Cluster;

/// <summary>What an <c>assay worker</c> does (<c>--role</c>).</summary>
public enum WorkerRole
{
    /// <summary>Takes chunks of slots, asks the model, verifies in its own sandbox, archives: the whole path in one process.</summary>
    Both,

    /// <summary>Takes chunks of slots, asks the model, and hands each answered rollout to the verify stream unscored
    /// (model calls scale apart from CPU-heavy verification; needs verify workers).</summary>
    Generate,

    /// <summary>Takes answered rollouts from the verify stream, verifies them in a sandbox pool sized by CPU, archives.</summary>
    Verify,
}
