using Assay.Core;

namespace Assay.Archive.Results;

/// <summary>One request to the service: who (key id, null without a key), what (method, path with its query), and the answer.</summary>
public sealed record AuditEntry(
    DateTimeOffset At,
    string? KeyId,
    Tier Tier,
    string Method,
    string Path,
    int Status,
    TimeSpan Elapsed,
    string Remote)
{
    /// <summary>The row's id in the audit log (0 before it is stored).</summary>
    public long Id { get; init; }
}
