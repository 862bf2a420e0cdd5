namespace Assay.Training;

/// <summary>How <see cref="RlRun"/> learns from its verified rollouts.</summary>
public enum RlMethod
{
    /// <summary>Rejection-sampling fine-tuning: keep the verified successes, fine-tune on them by cross-entropy.</summary>
    ExpertIteration,

    /// <summary>GRPO: every rollout, weighted by its group-normalised advantage (<see cref="Assay.Nano.GrpoObjective"/>).</summary>
    Grpo,
}
