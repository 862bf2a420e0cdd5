using Assay.Core;

namespace Assay.Archive;

/// <summary>What a resumed campaign needs to know of one archived rollout, without its request, completion or logprobs.</summary>
/// <param name="ProblemId">Problem answered.</param>
/// <param name="SampleIndex">Sample index within the problem.</param>
/// <param name="Attempt">Attempt number at this slot (0 first).</param>
/// <param name="Status">The verdict's status.</param>
/// <param name="Cost">US dollars it cost.</param>
public sealed record ArchivedAttempt(string ProblemId, int SampleIndex, int Attempt, VerdictStatus Status, decimal Cost);
