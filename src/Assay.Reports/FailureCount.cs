using Assay.Core;

namespace Assay.Reports;

/// <summary>How many rollouts of a report entry were lost or refused for one reason (<see cref="RolloutFailures.ReasonOf"/>).</summary>
/// <param name="Status">Infrastructure or refused.</param>
/// <param name="Reason">The verdict detail naming the reason, cut to one short line.</param>
/// <param name="Rollouts">Rollouts with this status and reason.</param>
public sealed record FailureCount(VerdictStatus Status, string Reason, int Rollouts);
