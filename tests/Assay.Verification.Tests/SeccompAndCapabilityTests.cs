using Assay.Core;

namespace Assay.Verification.Tests;

/// <summary>The candidate's process is confined by a seccomp filter, holds no capability and cannot gain privileges:
/// each checked from inside the candidate, in both legs.</summary>
[Collection(LegSandboxesDefinition.Name)]
public sealed class SeccompAndCapabilityTests(LegSandboxes sandboxes)
{
    private const int EPERM = 1;
    private const int ENOSYS = 38;

    /// <summary>Syscalls a candidate never needs, x86_64 numbers, with arguments for which the kernel itself would
    /// answer something other than EPERM (ESRCH, EBADF, EFAULT, EINVAL, success), so only the filter gives EPERM.</summary>
    private static readonly (string Name, int Number, long[] Args, int Errno)[] s_denied =
    [
        ("ptrace", 101, [2, 0, 0, 0], EPERM),
        ("process_vm_readv", 310, [0, 0, 0, 0, 0, 0], EPERM),
        ("process_vm_writev", 311, [0, 0, 0, 0, 0, 0], EPERM),
        ("pidfd_getfd", 438, [-1, 0, 0], EPERM),
        ("mount", 165, [0, 0, 0, 0, 0], EPERM),
        ("unshare(CLONE_NEWUSER)", 272, [0x10000000], EPERM),
        ("setns", 308, [-1, 0], EPERM),
        ("clone(CLONE_NEWNS)", 56, [0x20000 | 0x200, 0, 0, 0, 0], EPERM),
        ("clone3", 435, [0, 0], ENOSYS),
        ("keyctl", 250, [0, -3, 0], EPERM),
        ("bpf", 321, [0, 0, 0], EPERM),
        ("perf_event_open", 298, [0, 0, -1, -1, 0], EPERM),
        ("io_uring_setup", 425, [0, 0], EPERM),
        ("io_uring_enter", 426, [-1, 0, 0, 0, 0, 0], EPERM),
        ("userfaultfd", 323, [0], EPERM),
        ("kexec_load", 246, [0, 0, 0, 0], EPERM),
        ("kexec_file_load", 320, [-1, -1, 0, 0, 0], EPERM),
        ("init_module", 175, [0, 0, 0], EPERM),
        ("finit_module", 313, [-1, 0, 0], EPERM),
    ];

    [Theory, AsRoot, AsUnprivilegedUser]
    public async Task Seccomp_denies_what_a_candidate_never_needs_with_the_expected_errno(SandboxLeg leg)
    {
        var calls = string.Join(", ", s_denied.Select(c => $"(\"{c.Name}\", {c.Number}, ({string.Join(", ", c.Args)},))"));
        var expected = "[" + string.Join(", ", s_denied.Select(c => $"[\"{c.Name}\", {c.Errno}]")) + "]";
        var verdict = await sandboxes.VerifyAsync(leg, Probe.Returning(expected), $$"""
                return [[name, _errno_of(number, *args)] for name, number, args in ({{calls}})]

            """ + RawSyscalls.Python);
        Assert.True(verdict.Passed, $"{leg}: {verdict.Status}, {verdict.Detail}");
    }

    [Theory, AsRoot, AsUnprivilegedUser]
    public async Task Candidate_holds_no_capability_and_cannot_gain_privileges(SandboxLeg leg)
    {
        // Where /proc is not mounted the candidate reads its capabilities with capget and prctl instead.
        var problem = Probe.Problem("""
                view = candidate()
                assert view["source"] == "/proc/self/status" or not view["proc_mounted"], view
                assert view["CapEff"] == 0, view
                assert view["NoNewPrivs"] == 1, view
                assert all(outcome == "denied" for outcome in view["operations"].values()), view

            """);
        var verdict = await sandboxes.VerifyAsync(leg, problem, """
                view = _capabilities()
                view["operations"] = _privileged_operations()
                return view


            def _privileged_operations():
                "Operations that need a capability; with none left, every one fails."
                import os
                import resource
                import socket
                import stat
                outcomes = {}

                def attempt(name, action):
                    try:
                        action()
                        outcomes[name] = "allowed"
                    except Exception:
                        outcomes[name] = "denied"

                open("owned", "w").close()
                attempt("chown (CAP_CHOWN)", lambda: os.chown("owned", 4242, 4242))
                attempt("mknod (CAP_MKNOD)", lambda: os.mknod("device", 0o600 | stat.S_IFCHR, os.makedev(1, 3)))
                attempt("setgroups (CAP_SETGID)", lambda: os.setgroups([4242]))
                attempt("nice -1 (CAP_SYS_NICE)", lambda: os.nice(-1))
                attempt("raw socket (CAP_NET_RAW)", lambda: socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP).close())
                hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
                attempt("raise a hard limit (CAP_SYS_RESOURCE)", lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (hard + 1, hard + 1)))
                attempt("chroot (CAP_SYS_CHROOT)", lambda: os.chroot("."))
                return outcomes

            """ + RawSyscalls.Python);
        Assert.True(verdict.Passed, $"{leg}: {verdict.Status}, {verdict.Detail}");
        Assert.NotEqual(Isolation.ProcessOnly, verdict.Isolation);
    }
}
