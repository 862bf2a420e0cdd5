namespace Assay.Core;

/// <summary>How a policy is asked to sample.</summary>
public sealed record SamplingSettings(
    double Temperature = 0.8,
    double TopP = 1.0,
    int MaxTokens = 256,
    int? Seed = null,
    int? TopLogprobs = null);
