namespace Assay.Service.ResultsApi.Contracts;

/// <summary>The campaigns the caller's tier sees, newest first.</summary>
public sealed record CampaignListResponse(IReadOnlyList<CampaignItem> Campaigns);
