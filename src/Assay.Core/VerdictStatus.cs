namespace Assay.Core;

/// <summary>The outcome class of one verification.</summary>
public enum VerdictStatus
{
    /// <summary>All tests passed / the answer matched.</summary>
    Passed,

    /// <summary>A test failed or the answer differed.</summary>
    Failed,

    /// <summary>The candidate raised, crashed, or broke the harness.</summary>
    Error,

    /// <summary>The candidate exceeded its wall-clock or CPU limit.</summary>
    Timeout,

    /// <summary>The answer could not be interpreted (empty, malformed).</summary>
    Invalid,

    /// <summary>The verifier or the model service failed, not the candidate (a sandbox worker that died between candidates,
    /// a fork that failed, a judge that crashed on its own, an outage). Never the model's fault: excluded from pass@k,
    /// retried, and counted apart in every report.</summary>
    Infrastructure,

    /// <summary>The model service refused the request and would refuse it again (HTTP 400 such as a prompt past the
    /// model's context, 401/403, 404 unknown model): a configuration error, neither the model's answer nor an outage.
    /// Not retried, not resumed, excluded from pass@k; it stops the campaign.</summary>
    Refused,
}
