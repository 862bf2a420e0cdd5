namespace Assay.Service.ResultsApi.Contracts;

/// <summary>What an admin asks for when making a key.</summary>
public sealed record CreateKeyRequest(string Tier, string? Name);
