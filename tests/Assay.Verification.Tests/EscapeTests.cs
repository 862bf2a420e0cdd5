using System.Diagnostics;
using Assay.Core;

namespace Assay.Verification.Tests;

/// <summary>What a candidate starts or touches stays in the sandbox: no network, no write to a home directory, no
/// daemon that outlives its verdict, no signal that reaches a process outside. Each was possible for a normal user
/// before issue 8; each runs in both legs.</summary>
[Collection(LegSandboxesDefinition.Name)]
public sealed class EscapeTests(LegSandboxes sandboxes)
{
    [Theory, AsRoot, AsUnprivilegedUser]
    public async Task Http_server_on_loopback_is_unreachable(SandboxLeg leg)
    {
        await using var server = new LoopbackHttpServer("reached-" + Guid.NewGuid().ToString("N"));
        // The probe passes only with the server's answer, which it can get only over the network.
        var verdict = await sandboxes.VerifyAsync(leg, Probe.Returning($"'{server.Body}'", timeoutSeconds: 5), $$"""
                import socket
                import subprocess
                import urllib.request
                url = "{{server.Url}}"
                try:
                    return urllib.request.urlopen(url, timeout=1).read().decode()
                except Exception:
                    pass
                try:
                    with socket.create_connection(("127.0.0.1", {{new Uri(server.Url).Port}}), 1) as connection:
                        connection.sendall(b"GET / HTTP/1.0\r\n\r\n")
                        return connection.recv(4096).decode().split("\r\n\r\n", 1)[-1]
                except Exception:
                    pass
                try:
                    return subprocess.run(["curl", "-s", "-m", "1", url], capture_output=True, timeout=2).stdout.decode()
                except Exception:
                    return "unreachable"

            """);
        Assert.False(verdict.Passed, $"{leg}: the candidate reached {server.Url}");
        Assert.NotEqual(VerdictStatus.Infrastructure, verdict.Status);
        Assert.Equal(0, server.Connections);
    }

    [Theory, AsRoot, AsUnprivilegedUser]
    public async Task Writing_to_a_home_directory_fails(SandboxLeg leg)
    {
        var marker = Probe.Marker();
        string[] homes = [Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), HomeOf(SandboxLegs.User), "/root"];
        var verdict = await sandboxes.VerifyAsync(leg, Probe.Returning("'wrote'"), $$"""
                import os
                for home in ("~", *{{PythonTuple(homes)}}):
                    try:
                        with open(os.path.join(os.path.expanduser(home), "{{marker}}"), "w") as file:
                            file.write("escaped")
                        return "wrote"
                    except OSError:
                        pass
                return "nothing written"

            """);
        var written = homes.Select(h => Path.Combine(h, marker)).Where(File.Exists).ToList();
        written.ForEach(File.Delete);
        Assert.Empty(written);
        Assert.False(verdict.Passed, $"{leg}: {verdict.Detail}");
    }

    [Theory, AsRoot, AsUnprivilegedUser]
    public async Task Setsid_daemon_does_not_outlive_the_verdict_nor_write_outside(SandboxLeg leg)
    {
        var marker = Probe.Marker();
        string[] places = [Path.GetTempPath(), Environment.CurrentDirectory, "/var/tmp", "/dev/shm", Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)];
        var targets = places.Select(p => Path.Combine(p, marker)).ToArray();
        // A correct answer whose module code starts a daemon in its own session, which writes files two seconds later;
        // the candidate waits a second, so that the test sees the daemon run where processes are allowed.
        var sandbox = await sandboxes.For(leg);
        var verifying = sandbox.VerifyAsync(Candidates.Double(timeoutSeconds: 3), Candidates.Correct + $$"""


            import subprocess
            import sys

            _daemon = "import sys, time\ntime.sleep(2)\nfor path in sys.argv[2:]:\n    try:\n        open(path, 'w').write('daemon')\n    except OSError:\n        pass\n"
            try:
                subprocess.Popen([sys.executable, "-c", _daemon, "{{marker}}", *{{PythonTuple(targets)}}], start_new_session=True,
                                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except OSError:
                pass  # a sandbox that lets candidates start no process
            __import__("time").sleep(1)

            """).AsTask();
        var seen = false;
        while (!verifying.IsCompleted)
        {
            seen |= Candidates.ProcessesMentioning(marker).Count > 0;
            await Task.Delay(50);
        }

        var verdict = await verifying;
        Assert.True(verdict.Passed, $"{leg}: {verdict.Status}, {verdict.Detail}");
        Assert.True(seen || verdict.Isolation == Isolation.NamespacesRlimits, $"{leg}: the daemon never ran in {verdict.Isolation}");
        Assert.Empty(Candidates.ProcessesMentioning(marker));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Empty(Candidates.ProcessesMentioning(marker));
        var written = targets.Where(File.Exists).ToList();
        written.ForEach(File.Delete);
        Assert.Empty(written);
    }

    [Theory, AsRoot, AsUnprivilegedUser]
    public async Task Kill_minus_one_or_its_process_group_reaches_neither_the_host_nor_the_worker(SandboxLeg leg)
    {
        var sandbox = await sandboxes.For(leg);
        var workers = sandbox.WorkerProcessIds;
        var escapes = new List<string>();
        // -1: every process it may signal; 0: its process group; 1 and its parent: whatever those are in its view.
        foreach (var target in new[] { "-1", "0", "1", "os.getppid()" })
        {
            // A process of the workers' user outside the sandbox: kill(-1) from a process-only sandbox killed the
            // user's shell. It shares this process's process group, as the workers do.
            using var bystander = leg == SandboxLeg.Unprivileged
                ? Process.Start("setpriv", ["--reuid=" + SandboxLegs.User, "--regid=" + SandboxLegs.User, "--clear-groups", "sleep", "60"])
                : Process.Start("sleep", ["60"]);
            try
            {
                var verdict = await sandbox.VerifyAsync(Candidates.Double(timeoutSeconds: 3), Candidates.Wrong + $$"""

                    import os
                    import signal
                    try:
                        os.kill({{target}}, signal.SIGKILL)
                    except OSError:
                        pass

                    """);
                if (verdict.Status is VerdictStatus.Passed or VerdictStatus.Infrastructure)
                {
                    escapes.Add($"kill({target}): verdict {verdict.Status}, {verdict.Detail}");
                }

                if (bystander.HasExited)
                {
                    escapes.Add($"kill({target}) killed a process of the workers' user outside the sandbox");
                }

                if (!workers.SequenceEqual(sandbox.WorkerProcessIds))
                {
                    escapes.Add($"kill({target}) killed the worker");
                    workers = sandbox.WorkerProcessIds;
                }
            }
            finally
            {
                bystander.Kill();
            }
        }

        var next = await sandbox.VerifyAsync(Candidates.Double(), Candidates.Correct);
        Assert.True(next.Passed, $"{leg}: the next verdict on the same worker: {next.Status}, {next.Detail}");
        Assert.True(escapes.Count == 0, $"{leg}: " + string.Join("; ", escapes));
    }

    private static string HomeOf(string user) =>
        File.ReadLines("/etc/passwd").Select(l => l.Split(':')).FirstOrDefault(f => f[0] == user)?[5] ?? "/nonexistent";

    private static string PythonTuple(IEnumerable<string> items) => "(" + string.Join("", items.Select(i => $"\"{i}\", ")) + ")";
}
