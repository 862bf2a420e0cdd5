using Assay.Archive;
using Assay.Archive.Results;

namespace Assay.Service.ResultsApi;

/// <summary>How <c>assay serve</c> serves results and guards its endpoints.</summary>
public sealed class ResultsServiceOptions
{
    /// <summary>The archive whose results are served, whose keys are accepted and where requests are audited; null: none.</summary>
    public IRolloutArchive? Archive { get; init; }

    /// <summary>How long a positive rollout stays for subscribers only.</summary>
    public TimeSpan Embargo { get; init; } = AccessPolicy.DefaultEmbargo;

    /// <summary>One key that opens nano's OpenAI-compatible API (read from an environment variable or a file, never a flag).</summary>
    public string? ModelKey { get; init; }

    /// <summary>Requests per second a keyless client address may make (a burst of twice as many).</summary>
    public int PublicRequestsPerSecond { get; init; } = 20;

    /// <summary>Requests per second each key may make (a burst of twice as many).</summary>
    public int KeyRequestsPerSecond { get; init; } = 200;

    /// <summary>
    /// How often the server reads the archive's version and its revoked keys (<see cref="ArchiveObserver"/>): a rollout
    /// stored or a key revoked by another process shows within this (plus the time to recompute the views in use).
    /// </summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether callers need a key for the endpoints that require one: the server was started with keys.</summary>
    public bool KeysRequired => Archive is not null || ModelKey is not null;
}
