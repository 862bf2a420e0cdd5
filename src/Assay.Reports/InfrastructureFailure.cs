using Assay.Core;

namespace Assay.Reports;

/// <summary>
/// A rollout that says nothing about the model: the service or the verifier failed (connection refused, HTTP 5xx, a
/// sandbox worker that died), recorded as a verdict with status <see cref="VerdictStatus.Infrastructure"/> (archives
/// written before that status existed are relabelled by their migration). Such rollouts are counted and their cost
/// charged, but they are not samples: pass@k leaves them out of n.
/// </summary>
public static class InfrastructureFailure
{
    /// <summary>True when <paramref name="verdict"/> records an infrastructure failure rather than a model's answer.</summary>
    public static bool Is(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return verdict.IsInfrastructureFailure;
    }
}
