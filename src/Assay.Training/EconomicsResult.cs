namespace Assay.Training;

/// <summary>What <c>assay economics</c> measured for one seed.</summary>
/// <param name="Settings">What it ran with.</param>
/// <param name="Leader">Expert iteration from the base model until held-out pass@1 plateaued.</param>
/// <param name="Sft">A fresh base model trained by SFT on the leader's published positive rollouts.</param>
/// <param name="Distill">A fresh base model distilled from the leader's final model along the same rollouts.</param>
/// <param name="PublishedExamples">Positive rollouts the leader published (the followers' data).</param>
/// <param name="WallSeconds">Wall time of the whole measurement, evaluations included.</param>
public sealed record EconomicsResult(EconomicsSettings Settings, EconomicsRoute Leader, EconomicsRoute Sft, EconomicsRoute Distill, int PublishedExamples, double WallSeconds)
{
    /// <summary>The level each route is timed to: 90% of the leader's final held-out pass@1.</summary>
    public double Target => 0.9 * Leader.FinalPassAt1;

    /// <summary>Rollouts per verified solution in the leader's first round (the base model's rate).</summary>
    public double RolloutsPerSolution => Leader.Ledger.Count > 1 && Leader.Ledger[1].Verified > 0 ? (double)Leader.Ledger[1].Rollouts / Leader.Ledger[1].Verified : double.PositiveInfinity;

    /// <summary>Sampled tokens (prompt and completion) per verified solution in the leader's first round.</summary>
    public double TokensPerSolution => Leader.Ledger.Count > 1 && Leader.Ledger[1].Verified > 0 ? (double)Leader.Ledger[1].SamplingTokens / Leader.Ledger[1].Verified : double.PositiveInfinity;

    /// <summary>The three routes, leader first.</summary>
    public IReadOnlyList<EconomicsRoute> Routes => [Leader, Sft, Distill];
}
