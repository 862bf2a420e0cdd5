using System.Diagnostics;

namespace Assay.Verification.Tests;

/// <summary>SysV shared memory, message queues and semaphores and POSIX message queues that a candidate creates die
/// with it: the next candidate on the same worker does not see them, and neither does the host.</summary>
[Collection(LegSandboxesDefinition.Name)]
public sealed class IpcIsolationTests(LegSandboxes sandboxes)
{
    [Theory, AsRoot, AsUnprivilegedUser]
    public async Task Ipc_objects_of_one_candidate_are_gone_for_the_next_and_never_on_the_host(SandboxLeg leg)
    {
        var key = Random.Shared.Next(0x10000, 0x7fffffff);
        var queue = "/" + Probe.Marker();
        var before = SysVObjects();
        try
        {
            // The creator reports what it made (through ctypes, else util-linux's ipcmk); it cannot fail on that.
            var created = await sandboxes.VerifyAsync(leg, Probe.Problem("    assert isinstance(candidate(), list)\n"), $$"""
                    import os
                    import subprocess
                    made = []
                    try:
                        import ctypes
                        libc = ctypes.CDLL(None, use_errno=True)
                        if libc.shmget({{key}}, 1 << 20, 0o1666) >= 0:
                            made.append("shm")
                        if libc.msgget({{key}}, 0o1666) >= 0:
                            made.append("msg")
                        if libc.semget({{key}}, 1, 0o1666) >= 0:
                            made.append("sem")
                        if libc.mq_open(b"{{queue}}", os.O_CREAT | os.O_RDWR, ctypes.c_uint(0o666), None) >= 0:
                            made.append("mq")
                    except (ImportError, OSError, AttributeError):
                        pass
                    for flag, size in (("-M", "1048576"), ("-Q", None), ("-S", "1")):
                        try:
                            command = ["ipcmk", flag] + ([size] if size else [])
                            if subprocess.run(command, capture_output=True, timeout=2).returncode == 0:
                                made.append("ipcmk " + flag)
                        except Exception:
                            pass
                    return made

                """);
            Assert.True(created.Passed, $"{leg}: the creator: {created.Status}, {created.Detail}");

            // The finder passes only if it finds nothing: by key, by name, in /proc/sysvipc and with ipcs.
            var found = await sandboxes.VerifyAsync(leg, Probe.Returning("[]"), $$"""
                    import os
                    import subprocess
                    found = []
                    try:
                        import ctypes
                        libc = ctypes.CDLL(None, use_errno=True)
                        if libc.shmget({{key}}, 0, 0) >= 0:
                            found.append("shm by key")
                        if libc.msgget({{key}}, 0) >= 0:
                            found.append("msg by key")
                        if libc.semget({{key}}, 0, 0) >= 0:
                            found.append("sem by key")
                        if libc.mq_open(b"{{queue}}", os.O_RDONLY) >= 0:
                            found.append("mq by name")
                    except (ImportError, OSError, AttributeError):
                        pass
                    for kind in ("shm", "msg", "sem"):
                        try:
                            with open("/proc/sysvipc/" + kind) as file:
                                if file.read().splitlines()[1:]:
                                    found.append("/proc/sysvipc/" + kind)
                        except OSError:
                            pass
                    try:
                        if os.listdir("/dev/mqueue"):
                            found.append("/dev/mqueue")
                    except OSError:
                        pass
                    try:
                        listing = subprocess.run(["ipcs"], capture_output=True, timeout=2).stdout.decode()
                        if any(line.startswith("0x") for line in listing.splitlines()):
                            found.append("ipcs: " + listing)
                    except Exception:
                        pass
                    return found

                """);
            Assert.True(found.Passed, $"{leg}: the next candidate on the same worker: {found.Status}, {found.Detail}");
        }
        finally
        {
            var leaked = SysVObjects().Except(before).ToList();
            var queueLeaked = await RemovePosixQueueAsync(queue);
            foreach (var (kind, id) in leaked)
            {
                using var remove = Process.Start("ipcrm", [kind == "shm" ? "-m" : kind == "msg" ? "-q" : "-s", id]);
                await remove.WaitForExitAsync();
            }

            Assert.True(leaked.Count == 0, $"{leg}: the host sees the candidate's " + string.Join(", ", leaked));
            Assert.False(queueLeaked, $"{leg}: the host sees the candidate's POSIX message queue {queue}");
        }
    }

    /// <summary>The SysV IPC objects the host sees: (kind, id).</summary>
    private static HashSet<(string Kind, string Id)> SysVObjects()
    {
        var objects = new HashSet<(string, string)>();
        foreach (var kind in new[] { "shm", "msg", "sem" })
        {
            foreach (var line in File.ReadLines("/proc/sysvipc/" + kind).Skip(1))
            {
                objects.Add((kind, line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
            }
        }

        return objects;
    }

    /// <summary>Unlinks <paramref name="name"/> in the host's IPC namespace; true when it existed there.</summary>
    private static async Task<bool> RemovePosixQueueAsync(string name)
    {
        using var python = Process.Start(new ProcessStartInfo("python3",
            ["-c", $"import ctypes; libc = ctypes.CDLL(None); print(libc.mq_unlink(b'{name}'))"]) { RedirectStandardOutput = true })!;
        var output = await python.StandardOutput.ReadToEndAsync();
        await python.WaitForExitAsync();
        return output.Trim() == "0";
    }
}
