namespace Assay.Verification;

/// <summary>How the workers of one sandbox are started; decided once, at start.</summary>
internal enum SandboxMode
{
    /// <summary>No namespaces: rlimits and a process group only (<c>--unsafe-no-sandbox</c>).</summary>
    Process,

    /// <summary>Namespaces, seccomp, no capabilities; rlimits bound memory and CPU and candidates may not fork.</summary>
    NamespacesRlimits,

    /// <summary>Namespaces, seccomp, no capabilities, and per-candidate cgroups for memory, CPU and tasks.</summary>
    Namespaces,
}
