using Assay.Core;

namespace Assay.Reports;

/// <summary>
/// A rollout that says nothing about the model: the service or the sandbox failed (connection refused, HTTP
/// 5xx, sandbox error). The campaign engine records it as a verdict with status
/// <see cref="VerdictStatus.Error"/> whose detail starts with <see cref="DetailPrefix"/>. Such rollouts are
/// counted and their cost charged, but they are not samples: pass@k leaves them out of n.
/// </summary>
public static class InfrastructureFailure
{
    /// <summary>How an infrastructure failure's verdict detail begins.</summary>
    public const string DetailPrefix = "infrastructure:";

    /// <summary>True when <paramref name="verdict"/> records an infrastructure failure rather than a model's answer.</summary>
    public static bool Is(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return verdict.Status == VerdictStatus.Error && verdict.Detail.StartsWith(DetailPrefix, StringComparison.Ordinal);
    }
}
