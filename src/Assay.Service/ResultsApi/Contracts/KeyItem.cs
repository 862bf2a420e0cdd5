namespace Assay.Service.ResultsApi.Contracts;

/// <summary>An API key as the archive keeps it (never its text).</summary>
public sealed record KeyItem(string Id, string Name, string Tier, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
