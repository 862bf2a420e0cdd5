namespace Assay.Training;

/// <summary>Where a training run is: the step it is on and how far through it.</summary>
/// <param name="Phase">What the run is doing (rollouts, training, evaluation), with its round.</param>
/// <param name="Done">Units done in this phase.</param>
/// <param name="Total">Units in this phase.</param>
public sealed record RunProgress(string Phase, long Done, long Total);
