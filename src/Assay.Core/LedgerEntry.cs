namespace Assay.Core;

/// <summary>
/// One round of a training run on the compute ledger: what it cost and what it bought. FLOPs are charged as
/// 2·parameters·tokens for sampling (the policy's forward passes while rolling out) and 6·parameters·tokens for training
/// (forward and backward), parameters including embeddings and tokens the prompt and completion tokens actually
/// processed, padding excluded. A live teacher's forward passes are charged to the student's run but kept apart.
/// </summary>
/// <param name="RunId">The training run.</param>
/// <param name="Round">1-based round; round 0 is the starting model's evaluation, which costs nothing.</param>
/// <param name="Route">expert-iteration, grpo, sft or distill.</param>
/// <param name="Checkpoint">Where the round's model is stored (loadable as <c>nano:PATH</c>).</param>
/// <param name="CampaignId">The round's rollout campaign, if it sampled one.</param>
/// <param name="Parameters">Parameters of the trained model, embeddings included.</param>
/// <param name="SamplingTokens">Prompt and completion tokens of the round's rollouts.</param>
/// <param name="SamplingFlops">2·parameters·<paramref name="SamplingTokens"/>.</param>
/// <param name="TrainingTokens">Tokens run forward and backward by training, padding excluded.</param>
/// <param name="TrainingFlops">The trainer's FLOPs (6·parameters·tokens, plus 2·parameters·tokens for forward-only passes).</param>
/// <param name="TeacherFlops">A live teacher's forward passes (2·teacher parameters·tokens), charged here, shown apart.</param>
/// <param name="VerifierSeconds">Time the verifier spent on the round's rollouts.</param>
/// <param name="WallSeconds">Wall time of the round.</param>
/// <param name="Rollouts">Rollouts sampled and verified.</param>
/// <param name="Verified">Of those, verified successes.</param>
/// <param name="Cost">US dollars paid to model services (0 for nano).</param>
/// <param name="Evaluation">Held-out pass@1 of the round's model.</param>
public sealed record LedgerEntry(
    string RunId,
    int Round,
    string Route,
    string Checkpoint,
    string? CampaignId,
    long Parameters,
    long SamplingTokens,
    double SamplingFlops,
    long TrainingTokens,
    double TrainingFlops,
    double TeacherFlops,
    double VerifierSeconds,
    double WallSeconds,
    int Rollouts,
    int Verified,
    decimal Cost,
    HeldOutScore Evaluation)
{
    /// <summary>Sampling, training and teacher FLOPs together.</summary>
    public double TotalFlops => SamplingFlops + TrainingFlops + TeacherFlops;
}
