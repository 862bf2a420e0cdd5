namespace Assay.Service.ResultsApi.Contracts;

/// <summary>One rollout in a list: who, what, the verdict and what it cost, without the texts.</summary>
public sealed record RolloutItem(
    string Id,
    string CampaignId,
    string Suite,
    string ProblemId,
    int SampleIndex,
    int Attempt,
    string Model,
    string Verdict,
    double Reward,
    int PromptTokens,
    int CompletionTokens,
    double LatencySeconds,
    decimal CostUsd,
    DateTimeOffset CreatedAt);
