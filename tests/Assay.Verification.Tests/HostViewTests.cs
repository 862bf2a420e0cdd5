namespace Assay.Verification.Tests;

/// <summary>Nothing of the host in the candidate's view: no host path, pid, hostname or cgroup name in its argv,
/// environment, main module, working directory or /proc (where /proc is mounted at all).</summary>
[Collection(LegSandboxesDefinition.Name)]
public sealed class HostViewTests(LegSandboxes sandboxes)
{
    [Theory, AsRoot, AsUnprivilegedUser]
    public async Task Candidate_sees_no_host_path_pid_hostname_or_cgroup(SandboxLeg leg)
    {
        var sandbox = await sandboxes.For(leg);
        var workers = sandbox.WorkerProcessIds;
        int[] hostPids = [Environment.ProcessId, .. workers, .. Candidates.ProcessesDescendingFrom(workers)];
        string[] hostTexts =
        [
            "/root", "/home/", Path.Combine(Path.GetTempPath(), "assay-sandbox"), Environment.CurrentDirectory,
            Assay.Testing.RepositoryPaths.Root, "/assay/", "/assay-u", .. OwnCgroups(),
        ];
        var hostname = File.ReadAllText("/proc/sys/kernel/hostname").Trim();
        var problem = Probe.Problem($$"""
                import re
                view = candidate()
                text = repr(view)
                for host_text in {{PythonList(hostTexts.Select(t => $"'{t}'"))}}:
                    assert host_text not in text, "host text %r in %s" % (host_text, text)
                for pid in {{PythonList(hostPids.Select(p => p.ToString()))}}:
                    assert not re.search(r"(?<![0-9])%d(?![0-9])" % pid, text), "host pid %d in %s" % (pid, text)
                assert view["pid"] <= 2, "pid %d: not the first process of a PID namespace of its own" % view["pid"]
                assert "{{hostname}}" not in (view["hostname"], view["nodename"]), "the host's hostname: %s" % text

            """);
        var verdict = await sandbox.VerifyAsync(problem, """
                import os
                import socket
                import sys
                view = {
                    "argv": list(sys.argv), "orig_argv": list(getattr(sys, "orig_argv", [])), "environ": dict(os.environ),
                    "main_file": str(getattr(sys.modules.get("__main__"), "__file__", "")), "cwd": os.getcwd(),
                    "pid": os.getpid(), "ppid": os.getppid(), "hostname": socket.gethostname(), "nodename": os.uname().nodename,
                }
                # The candidate is a fork of the worker's server: every path-like string its objects hold, apart from the
                # interpreter's own (mounted in the sandbox at the same path), must say nothing of the host either.
                # gc.get_objects() omits what the server froze (gc.freeze), so walk references from the stack and the modules.
                import gc
                own = tuple({sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(sys.executable)})
                found = set()
                frame = sys._getframe()
                pending = [sys.modules] + gc.get_objects()
                while frame is not None:
                    pending.append(frame)
                    frame = frame.f_back
                seen = set()
                while pending and len(seen) < 400000:
                    item = pending.pop()
                    if id(item) in seen:
                        continue
                    seen.add(id(item))
                    if type(item) is str:
                        if item.startswith("/") and not item.startswith(own):
                            found.add(item)
                        continue
                    pending.extend(gc.get_referents(item))
                view["object_paths"] = sorted(found)[:5000]
                for path in ("/proc/self/cgroup", "/proc/self/cmdline", "/proc/self/environ", "/proc/1/cmdline", "/proc/1/environ"):
                    try:
                        with open(path, "rb") as file:
                            view[path] = file.read(1 << 16).decode(errors="replace")
                    except OSError:
                        view[path] = "unreadable"
                return view

            """);
        Assert.True(verdict.Passed, $"{leg}: {verdict.Status}, {verdict.Detail}");
    }

    /// <summary>This process's own cgroup paths other than the root one (a candidate must not learn where its host runs).</summary>
    private static IEnumerable<string> OwnCgroups() =>
        File.ReadAllLines("/proc/self/cgroup").Select(line => line[(line.IndexOf(':', line.IndexOf(':') + 1) + 1)..]).Where(path => path != "/");

    private static string PythonList(IEnumerable<string> items) => "[" + string.Join(", ", items) + "]";
}
