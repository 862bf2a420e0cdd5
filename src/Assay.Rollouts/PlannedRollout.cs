using Assay.Core;

namespace Assay.Rollouts;

/// <summary>One rollout a run will ask: a slot of the campaign and the attempt it will be.</summary>
/// <param name="Id">The rollout's id (<see cref="RolloutId.For"/>).</param>
/// <param name="Problem">The problem.</param>
/// <param name="SampleIndex">The sample index within the problem.</param>
/// <param name="Attempt">0 for a slot never asked; more for a slot whose latest attempt was an infrastructure failure.</param>
public sealed record PlannedRollout(string Id, Problem Problem, int SampleIndex, int Attempt);
