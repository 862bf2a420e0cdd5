using Assay.Nano;

namespace Assay.Training;

/// <summary>Everything that decides an SFT or distillation run (<see cref="SupervisedRun"/>).</summary>
/// <param name="RunId">Names the run in the ledger; the same id resumes it.</param>
/// <param name="Rounds">Rounds of training, each followed by a held-out evaluation (the points of a pass@1-vs-compute curve).</param>
/// <param name="EpochsPerRound">Passes over the data per round: steps = ⌈epochs · examples / batch size⌉.</param>
/// <param name="Training">Optimiser settings; steps are set per round.</param>
/// <param name="EvalSamples">Samples per held-out problem.</param>
/// <param name="Temperature">Sampling temperature of the evaluation.</param>
/// <param name="Seed">Seeds the data order and the evaluation.</param>
public sealed record SupervisedSettings(string RunId, int Rounds, double EpochsPerRound, TrainingOptions Training, int EvalSamples, double Temperature, int Seed)
{
    /// <summary>Optimiser steps for <paramref name="examples"/> examples in round <paramref name="round"/>.</summary>
    public TrainingOptions RoundOptions(int examples, int round) => Training with
    {
        Steps = Math.Max(1, (int)Math.Ceiling(EpochsPerRound * examples / Training.BatchSize)),
        Seed = unchecked(Seed * 1000 + round),
    };
}
