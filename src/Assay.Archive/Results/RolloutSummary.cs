using Assay.Core;

namespace Assay.Archive.Results;

/// <summary>One rollout in a list: who, what, the verdict and what it cost, without the texts.</summary>
public sealed record RolloutSummary(
    string Id,
    string CampaignId,
    string Suite,
    string ProblemId,
    int SampleIndex,
    int Attempt,
    string Model,
    VerdictStatus Verdict,
    double Reward,
    int PromptTokens,
    int CompletionTokens,
    TimeSpan Latency,
    decimal Cost,
    DateTimeOffset CreatedAt);
