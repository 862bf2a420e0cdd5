namespace Assay.Service.ResultsApi.Contracts;

/// <summary>One rollout in full: the problem's prompt, the request and completion, token log-probabilities, and the verdict's detail.</summary>
public sealed record RolloutFull(
    RolloutItem Rollout,
    string? ProblemPrompt,
    string Request,
    string Completion,
    string? FinishReason,
    IReadOnlyList<TokenLogprobItem>? Logprobs,
    string VerdictDetail,
    string Isolation,
    string Verifier,
    double VerdictSeconds);
