namespace Assay.Service.ResultsApi.Contracts;

/// <summary>One alternative token and its log-probability.</summary>
public sealed record TopLogprobItem(string Token, double Logprob);
