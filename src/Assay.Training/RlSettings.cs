using Assay.Nano;

namespace Assay.Training;

/// <summary>Everything that decides an RL run (<see cref="RlRun"/>).</summary>
/// <param name="RunId">Names the run in the ledger and its campaigns (<c>RUN-rK</c>); the same id resumes it.</param>
/// <param name="Method">Expert iteration or GRPO.</param>
/// <param name="Rounds">Sample → verify → train rounds.</param>
/// <param name="SamplesPerProblem">N rollouts per training problem per round (GRPO's group size).</param>
/// <param name="Temperature">Sampling temperature of the rollouts and of the held-out evaluation.</param>
/// <param name="Training">Optimiser settings of each round's fine-tuning; its steps are set per round from <paramref name="Epochs"/>.</param>
/// <param name="Epochs">Passes over the round's training examples: steps = ⌈epochs · examples / batch size⌉.</param>
/// <param name="Grpo">GRPO's clip and KL coefficient (the reference is the starting model).</param>
/// <param name="EvalSamples">Samples per held-out problem for pass@1.</param>
/// <param name="Seed">Seeds the rollouts, the data order and the evaluation.</param>
public sealed record RlSettings(
    string RunId,
    RlMethod Method,
    int Rounds,
    int SamplesPerProblem,
    double Temperature,
    TrainingOptions Training,
    double Epochs,
    GrpoObjective Grpo,
    int EvalSamples,
    int Seed)
{
    /// <summary>The route's name in the ledger.</summary>
    public string Route => Method == RlMethod.Grpo ? "grpo" : "expert-iteration";

    /// <summary>Optimiser steps for <paramref name="examples"/> examples in round <paramref name="round"/>.</summary>
    public TrainingOptions RoundOptions(int examples, int round) => Training with
    {
        Steps = Math.Max(1, (int)Math.Ceiling(Epochs * examples / Training.BatchSize)),
        Seed = unchecked(Seed * 1000 + round),
    };
}
