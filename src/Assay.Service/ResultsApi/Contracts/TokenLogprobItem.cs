namespace Assay.Service.ResultsApi.Contracts;

/// <summary>A sampled token's log-probability and the most likely alternatives at its position.</summary>
public sealed record TokenLogprobItem(string Token, double Logprob, IReadOnlyList<TopLogprobItem> TopLogprobs);
