using Assay.Core;

namespace Assay.Archive.Results;

/// <summary>One rollout in full, with its campaign's suite and its problem's prompt as stored with the campaign.</summary>
/// <param name="Rollout">The rollout: request, completion, log-probabilities, usage, verdict with its detail.</param>
/// <param name="Suite">Its campaign's suite.</param>
/// <param name="ProblemPrompt">The problem's prompt, or null when the campaign predates stored problems.</param>
public sealed record RolloutDetail(Rollout Rollout, string Suite, string? ProblemPrompt);
