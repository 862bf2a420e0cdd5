namespace Assay.Nano;

/// <summary>What a training run did, for the compute ledger.</summary>
/// <param name="Steps">Optimizer steps taken.</param>
/// <param name="TokensProcessed">Positions run through forward and backward (B·T per step, padding included).</param>
/// <param name="FinalLoss">Loss of the last step's batch.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="Flops">Charged as 6 · parameters · tokens processed.</param>
public sealed record TrainingResult(int Steps, long TokensProcessed, float FinalLoss, TimeSpan Elapsed, double Flops);
