using Assay.Core;

namespace Assay.Rollouts;

/// <summary>One reason rollouts were lost or refused, with how many: what the end of a run shows.</summary>
/// <param name="Status">Infrastructure or refused.</param>
/// <param name="Reason">The verdict detail that names the reason (see <see cref="RolloutFailures.ReasonOf"/>).</param>
/// <param name="Count">Rollouts with this reason.</param>
public sealed record FailureReason(VerdictStatus Status, string Reason, int Count);
