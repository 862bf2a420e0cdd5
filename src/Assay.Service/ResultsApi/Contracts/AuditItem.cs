namespace Assay.Service.ResultsApi.Contracts;

/// <summary>One request to the service: who (key id, null without a key), what, and the answer's status.</summary>
public sealed record AuditItem(long Id, DateTimeOffset At, string? KeyId, string Tier, string Method, string Path, int Status, double ElapsedSeconds, string Remote);
