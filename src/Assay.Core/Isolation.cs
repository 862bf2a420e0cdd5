namespace Assay.Core;

/// <summary>How strongly a candidate was isolated when it ran; recorded in every verdict.</summary>
public enum Isolation
{
    /// <summary>No code was run (exact-answer checks).</summary>
    NotApplicable,
    /// <summary>Only rlimits, a process group and a temporary directory: no namespaces were available.</summary>
    ProcessOnly,
    /// <summary>Fresh network, PID and mount namespaces, an unprivileged UID and a read-only filesystem view.</summary>
    Namespaces,
}
