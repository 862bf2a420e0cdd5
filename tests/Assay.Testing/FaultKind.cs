namespace Assay.Testing;

/// <summary>Faults a proxy can inject.</summary>
public enum FaultKind
{
    /// <summary>Forward the request.</summary>
    None,
    /// <summary>Answer 429 with a <c>Retry-After</c> header.</summary>
    RateLimited,
    /// <summary>Answer 500.</summary>
    ServerError,
    /// <summary>Drop the connection without an answer.</summary>
    Reset,
    /// <summary>Never answer (until the client gives up).</summary>
    Stall,
}
