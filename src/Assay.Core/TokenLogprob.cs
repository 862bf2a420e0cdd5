namespace Assay.Core;

/// <summary>One generated token with its log-probability and the most likely alternatives at that position.</summary>
public sealed record TokenLogprob(string Token, double Logprob, IReadOnlyList<TopLogprob> Top);

/// <summary>An alternative token at one position and its log-probability.</summary>
public sealed record TopLogprob(string Token, double Logprob);
