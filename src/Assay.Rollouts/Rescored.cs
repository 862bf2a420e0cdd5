using Assay.Core;

namespace Assay.Rollouts;

/// <summary>An archived rollout and the verdict today's verifier gives its completion.</summary>
/// <param name="Rollout">The rollout as archived, with its original verdict.</param>
/// <param name="Verdict">Today's verdict.</param>
public sealed record Rescored(Rollout Rollout, Verdict Verdict)
{
    /// <summary>True when the reward changed: another status or another reward. A verdict that says the same in other
    /// words (detail text, elapsed time, verifier identity) is not a change.</summary>
    public bool Changed => Rollout.Verdict.Status != Verdict.Status || Rollout.Verdict.Reward != Verdict.Reward;
}
