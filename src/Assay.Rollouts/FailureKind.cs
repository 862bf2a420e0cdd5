namespace Assay.Rollouts;

/// <summary>What a failed request to a model service means for whoever retries it.</summary>
public enum FailureKind
{
    /// <summary>429: the service asks us to slow down; retry after its <c>Retry-After</c>.</summary>
    RateLimited,
    /// <summary>5xx, 408, a reset or refused connection, a stalled attempt: retry with backoff.</summary>
    Transient,
    /// <summary>400, 413, 422 and the like: the same request will fail the same way; not retried.</summary>
    Rejected,
    /// <summary>401, 403, 404: the key, model or URL is wrong; every request will fail, so the campaign stops.</summary>
    Fatal,
    /// <summary>Anything else (a garbled body, an unexpected exception): retried a bounded number of times.</summary>
    Unknown,
}
