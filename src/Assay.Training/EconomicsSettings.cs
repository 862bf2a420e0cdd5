using Assay.Nano;

namespace Assay.Training;

/// <summary>
/// What <c>assay economics</c> measures with: the problems, the leader's RL and the two followers' training. The
/// defaults are sized so that one seed finishes within 15 minutes on an idle 2-core machine.
/// </summary>
/// <param name="Seed">Seeds problems, rollouts, data order and evaluation: the same seed gives the same table.</param>
/// <param name="Levels">The problems' levels (default: the base model's frontier).</param>
/// <param name="TrainPerLevel">Training problems per level (the leader's rollouts).</param>
/// <param name="HeldOutPerLevel">Held-out problems per level.</param>
/// <param name="EvalSamples">Samples per held-out problem for pass@1.</param>
/// <param name="SamplesPerProblem">The leader's rollouts per training problem per round.</param>
/// <param name="MaxLeaderRounds">The most rounds the leader runs.</param>
/// <param name="Plateau">The leader stops when its best held-out pass@1 has not risen by more than this for <paramref name="Patience"/> rounds.</param>
/// <param name="Patience">Rounds without improvement that make a plateau.</param>
/// <param name="FollowerRounds">Rounds of each follower (a point on its curve each).</param>
/// <param name="FollowerEpochs">Passes over the leader's published data per follower round.</param>
/// <param name="Training">The optimiser of every route (steps are set per round).</param>
/// <param name="LeaderEpochs">Passes over each round's verified rollouts.</param>
public sealed record EconomicsSettings(
    int Seed,
    string Levels = ProblemSplit.DefaultLevels,
    int TrainPerLevel = 128,
    int HeldOutPerLevel = 32,
    int EvalSamples = 8,
    int SamplesPerProblem = 8,
    int MaxLeaderRounds = 8,
    double Plateau = 0.01,
    int Patience = 3,
    int FollowerRounds = 4,
    double FollowerEpochs = 1,
    TrainingOptions? Training = null,
    double LeaderEpochs = 2)
{
    /// <summary>The optimiser every route uses unless told otherwise: constant learning rate, no decay (short fine-tunes).</summary>
    public static TrainingOptions DefaultTraining { get; } = new()
    {
        BatchSize = 16, LearningRate = 5e-4f, WarmupSteps = 0, MinLearningRateRatio = 1f, WeightDecay = 0f,
    };

    /// <summary><see cref="Training"/>, never null.</summary>
    public TrainingOptions EffectiveTraining => Training ?? DefaultTraining;
}
