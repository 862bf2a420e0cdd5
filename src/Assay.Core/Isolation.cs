namespace Assay.Core;

/// <summary>How strongly a candidate was isolated when it ran; recorded in every verdict and shown in every report.</summary>
public enum Isolation
{
    /// <summary>No code was run (exact-answer checks).</summary>
    NotApplicable,

    /// <summary>No sandbox: rlimits and a process group only. Used only when the user passed <c>--unsafe-no-sandbox</c>
    /// on a machine where no namespace can be made.</summary>
    ProcessOnly,

    /// <summary>The full sandbox: user, PID (one per candidate), network, mount, IPC (one per candidate), UTS and cgroup
    /// namespaces, a read-only root, seccomp, no capabilities, no new privileges, and memory, CPU and task limits per
    /// candidate from cgroups.</summary>
    Namespaces,

    /// <summary>The same namespaces, seccomp and dropped capabilities, but no cgroups (an unprivileged user on cgroup v1
    /// without <c>assay sandbox setup</c>): memory and CPU are bounded by rlimits, and a candidate may not start processes
    /// (threads only), so a per-process bound is a per-candidate bound.</summary>
    NamespacesRlimits,
}
