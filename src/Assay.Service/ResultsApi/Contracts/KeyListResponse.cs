namespace Assay.Service.ResultsApi.Contracts;

/// <summary>Every API key, revoked ones included.</summary>
public sealed record KeyListResponse(IReadOnlyList<KeyItem> Keys);
