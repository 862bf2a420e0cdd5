namespace Assay.Service.ResultsApi.Contracts;

/// <summary>One campaign of a model: where it stood on that date.</summary>
public sealed record ProgressPoint(
    string CampaignId,
    string Suite,
    DateTimeOffset StartedAt,
    int Problems,
    long Samples,
    long VerifiedSolutions,
    PassAtKValue PassAt1,
    decimal CostUsd,
    decimal? CostPerVerifiedSolutionUsd);
