namespace Assay.Nano;

/// <summary>What a training run did, for the compute ledger.</summary>
/// <param name="Steps">Optimizer steps taken.</param>
/// <param name="TokensProcessed">Positions run through forward and backward (B·T per step, padding included): the throughput figure.</param>
/// <param name="FinalLoss">Loss of the last step's batch.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Tokens">Positions run through forward and backward, padding excluded: prompt and answer tokens of every sequence of every batch.</param>
/// <param name="ForwardTokens">Positions run forward only (GRPO's π_old and π_ref log-probabilities), padding excluded.</param>
public sealed record TrainingResult(int Steps, long TokensProcessed, float FinalLoss, TimeSpan Elapsed, long Tokens, long ForwardTokens = 0)
{
    /// <summary>Parameters of the trained model, embeddings included.</summary>
    public long Parameters { get; init; }

    /// <summary>Charged as 6·parameters·<see cref="Tokens"/> + 2·parameters·<see cref="ForwardTokens"/>.</summary>
    public double Flops => (6.0 * Parameters * Tokens) + (2.0 * Parameters * ForwardTokens);
}
