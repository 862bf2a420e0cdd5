namespace Assay.Core;

/// <summary>One sample: what was asked, what came back, what it cost, and its verdict. Immutable once archived.</summary>
/// <param name="Id">Derived from (campaign, problem, sample index, attempt) by <see cref="RolloutId.For"/>.</param>
/// <param name="CampaignId">Campaign the rollout belongs to.</param>
/// <param name="ProblemId">Problem answered.</param>
/// <param name="SampleIndex">0-based index among the problem's N samples.</param>
/// <param name="Model">Policy name, e.g. <c>nano:default</c>.</param>
/// <param name="Request">The request as sent, serialised as JSON.</param>
/// <param name="Completion">The answer text.</param>
/// <param name="FinishReason">Why generation stopped (<c>stop</c>, <c>length</c>, ...).</param>
/// <param name="Logprobs">Per-token log-probabilities, when the service returned them.</param>
/// <param name="PromptTokens">Prompt tokens billed.</param>
/// <param name="CompletionTokens">Completion tokens billed.</param>
/// <param name="Latency">Time from request to complete answer.</param>
/// <param name="Cost">Money, in US dollars, from the price table.</param>
/// <param name="Verdict">The verifier's verdict.</param>
/// <param name="CreatedAt">When the rollout was scored.</param>
/// <param name="Attempt">0 for the slot's first try; a slot whose latest attempt was an infrastructure failure is
/// asked again by a resumed campaign as the next attempt, and readers see the latest attempt (<see cref="RolloutAttempts"/>).</param>
public sealed record Rollout(
    string Id,
    string CampaignId,
    string ProblemId,
    int SampleIndex,
    string Model,
    string Request,
    string Completion,
    string? FinishReason,
    IReadOnlyList<TokenLogprob>? Logprobs,
    int PromptTokens,
    int CompletionTokens,
    TimeSpan Latency,
    decimal Cost,
    Verdict Verdict,
    DateTimeOffset CreatedAt,
    int Attempt = 0);
