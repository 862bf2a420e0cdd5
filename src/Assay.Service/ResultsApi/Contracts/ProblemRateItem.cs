namespace Assay.Service.ResultsApi.Contracts;

/// <summary>How often one model solved one problem (its visible campaigns pooled); Rate null with no scored sample.</summary>
public sealed record ProblemRateItem(string Model, string ProblemId, long Samples, long Passed, double? Rate);
