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
}
