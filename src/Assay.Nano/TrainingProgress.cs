namespace Assay.Nano;

/// <summary>Reported after every optimizer step.</summary>
/// <param name="Step">1-based step just finished.</param>
/// <param name="Steps">Steps in the run.</param>
/// <param name="Loss">Mean cross-entropy over the answer tokens of this step's batch, in nats.</param>
/// <param name="LearningRate">Learning rate used for this step.</param>
/// <param name="GradientNorm">Global L2 norm of the gradient before clipping.</param>
/// <param name="TokensPerSecond">Positions (B·T, padding included) processed per second, over the run so far.</param>
public sealed record TrainingProgress(int Step, int Steps, float Loss, float LearningRate, float GradientNorm, double TokensPerSecond);
