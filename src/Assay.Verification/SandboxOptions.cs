namespace Assay.Verification;

/// <summary>How <see cref="PythonSandbox"/> starts its workers and what each candidate may use.</summary>
public sealed record SandboxOptions
{
    /// <summary>Warm interpreters, each running one candidate at a time; defaults to one per core.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>The Python interpreter: a command on PATH or a path. It is resolved once to the real
    /// executable (so version-manager shims run once, not per worker).</summary>
    public string Python { get; init; } = "python3";

    /// <summary>Isolate candidates in namespaces (user, PID, network, mount, IPC, UTS, cgroup) with seccomp and no
    /// capabilities: as root directly, as any other user through unprivileged user namespaces. False asks for no
    /// sandbox at all, which is refused unless <see cref="UnsafeNoSandbox"/> is set.</summary>
    public bool UseNamespaces { get; init; } = true;

    /// <summary>Allows running untrusted code with rlimits and a process group only (<see cref="Core.Isolation.ProcessOnly"/>)
    /// where no namespace can be made, or when <see cref="UseNamespaces"/> is false: the CLI's
    /// <c>--unsafe-no-sandbox</c>. Without it, <see cref="PythonSandbox.StartAsync"/> throws
    /// <see cref="SandboxUnavailableException"/> saying why no namespace could be made.</summary>
    public bool UnsafeNoSandbox { get; init; }

    /// <summary>Starts the workers as this (unprivileged) user instead of the current one; only root may set it. The
    /// test suite's unprivileged legs and the benchmarks use it to measure what a normal user gets.</summary>
    public string? RunAsUser { get; init; }

    /// <summary>The uid of worker 0's candidates; worker i uses FirstUid + i. Null picks an unused-looking
    /// range from this process's id, so two sandboxes do not share a uid.</summary>
    public int? FirstUid { get; init; }

    /// <summary>Address-space limit of a candidate (RLIMIT_AS).</summary>
    public long MemoryBytes { get; init; } = 2L << 30;

    /// <summary>Largest file a candidate may write (RLIMIT_FSIZE).</summary>
    public long FileBytes { get; init; } = 16L << 20;

    /// <summary>Size of a candidate's private work directory (a tmpfs, in namespaces mode).</summary>
    public long WorkDirectoryBytes { get; init; } = 64L << 20;

    /// <summary>Open files a candidate may hold (RLIMIT_NOFILE).</summary>
    public int OpenFiles { get; init; } = 64;

    /// <summary>Tasks (processes and threads) one candidate may have at once: a pids cgroup where
    /// available, RLIMIT_NPROC on the worker's own uid otherwise.</summary>
    public int MaxProcesses { get; init; } = 32;

    /// <summary>Receives the sandbox's warnings (such as running without namespaces). Null writes them
    /// to standard error.</summary>
    public Action<string>? Warn { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Workers, 1, nameof(Workers));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Workers, 64, nameof(Workers));
        ArgumentException.ThrowIfNullOrWhiteSpace(Python, nameof(Python));
        ArgumentOutOfRangeException.ThrowIfLessThan(MemoryBytes, 64L << 20, nameof(MemoryBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(FileBytes, 0, nameof(FileBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(WorkDirectoryBytes, 1L << 20, nameof(WorkDirectoryBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(OpenFiles, 16, nameof(OpenFiles));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxProcesses, 4, nameof(MaxProcesses));
    }
}
