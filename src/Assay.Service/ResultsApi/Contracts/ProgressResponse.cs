namespace Assay.Service.ResultsApi.Contracts;

/// <summary>A model's campaigns in date order, each with its pass@1: the model's progress over time.</summary>
public sealed record ProgressResponse(string Model, string? Suite, string Tier, IReadOnlyList<ProgressPoint> Campaigns);
