namespace Assay.Service.ResultsApi.Contracts;

/// <summary>Per-problem solve rates on a suite, hardest first.</summary>
public sealed record ProblemRatesResponse(string Suite, string? Model, string Tier, IReadOnlyList<ProblemRateItem> Problems);
