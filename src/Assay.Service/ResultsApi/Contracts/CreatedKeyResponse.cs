namespace Assay.Service.ResultsApi.Contracts;

/// <summary>A key just made: <c>key</c> is its text, shown this once.</summary>
public sealed record CreatedKeyResponse(KeyItem Info, string Key);
