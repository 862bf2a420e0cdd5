using System.Diagnostics;
using Assay.Core;

namespace Assay.Verification.Tests;

/// <summary>A failure of the sandbox itself is <see cref="VerdictStatus.Infrastructure"/> (or retried into the right
/// verdict), never the model's Failed or Error; what a candidate does to itself is its own Error or Failed, never
/// laundered into Infrastructure.</summary>
[Collection(LegSandboxesDefinition.Name)]
public sealed class InfrastructureFailureTests(LegSandboxes sandboxes)
{
    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Worker_killed_from_outside_between_candidates_is_retried_or_infrastructure(SandboxLeg leg) =>
        AssertKillingBetweenCandidatesIsNotTheCandidates(leg, workers => workers);

    [Theory, AsRoot, AsUnprivilegedUser]
    public Task Worker_processes_killed_inside_it_between_candidates_are_retried_or_infrastructure(SandboxLeg leg) =>
        AssertKillingBetweenCandidatesIsNotTheCandidates(leg, Candidates.ProcessesDescendingFrom);

    /// <summary>What candidates do to their own process, their channel and their memory; all wrong answers (where they
    /// answer at all) to <see cref="Candidates.Double"/>.</summary>
    private static readonly (string Name, string Completion)[] s_selfInflicted =
    [
        ("kills itself", "    import os, signal\n    os.kill(os.getpid(), signal.SIGKILL)\n"),
        ("kills its process group", "    import os, signal\n    os.kill(0, signal.SIGKILL)\n"),
        ("kills every process it can", "    import os, signal\n    os.kill(-1, signal.SIGKILL)\n    return x + 3\n"),
        ("exits in the call", "    import os\n    os._exit(0)\n"),
        ("exits before the tests", Candidates.Wrong + "\nimport os\nos._exit(3)\n"),
        ("closes every fd", "    import os\n    os.closerange(0, 1024)\n    return x + 3\n"),
        ("points every fd at /dev/null", "    import os\n    null = os.open('/dev/null', os.O_RDWR)\n    for fd in range(64):\n        if fd != null:\n            try:\n                os.dup2(null, fd)\n            except OSError:\n                pass\n    return x + 3\n"),
        ("garbles its pipe", "    import os\n    for fd in range(64):\n        try:\n            os.write(fd, b'\\xff\\x00garbage' * 1000)\n        except OSError:\n            pass\n    return x + 3\n"),
        ("runs out of memory", "    hoard = []\n    while True:\n        hoard.append(b'x' * (64 << 20))\n"),
        ("overflows the C stack", "    value = ()\n    for _ in range(200_000):\n        value = (value,)\n    return hash(value)\n"),
        ("segfaults", "    import os, signal\n    try:\n        import ctypes\n        ctypes.string_at(0)\n    except Exception:\n        os.kill(os.getpid(), signal.SIGSEGV)\n"),
        ("raises SystemExit", "    raise SystemExit(0)\n"),
        ("raises KeyboardInterrupt", "    raise KeyboardInterrupt\n"),
        ("raises an exception whose str raises", "    class Odd(Exception):\n        def __str__(self):\n            raise RuntimeError('no')\n    raise Odd()\n"),
        ("returns a cycle", "    loop = []\n    loop.append(loop)\n    return loop\n"),
        ("returns 100,000 nested lists", "    value = []\n    for _ in range(100_000):\n        value = [value]\n    return value\n"),
        ("returns 200 MB", "    return 'x' * (200 << 20)\n"),
        ("returns a 10 MB int", "    return 1 << (8 * 10_000_000)\n"),
        ("returns a generator", "    return (2 * x for _ in range(1))\n"),
    ];

    [Theory, AsRoot, AsUnprivilegedUser]
    public async Task What_a_candidate_does_to_itself_is_its_error_never_infrastructure(SandboxLeg leg)
    {
        var sandbox = await sandboxes.For(leg);
        var wrong = new List<string>();
        foreach (var (name, completion) in s_selfInflicted)
        {
            // 10 s: none of them spins, and at load 46 the memory hoard took more than 3 s to reach its limit.
            var verdict = await sandbox.VerifyAsync(Candidates.Double(timeoutSeconds: 10), completion);
            if (verdict.Status is not (VerdictStatus.Error or VerdictStatus.Failed))
            {
                wrong.Add($"{name}: {verdict.Status}, {verdict.Detail}");
            }
        }

        var next = await sandbox.VerifyAsync(Candidates.Double(), Candidates.Correct);
        Assert.True(wrong.Count == 0, $"{leg}:\n" + string.Join("\n", wrong));
        Assert.True(next.Passed, $"{leg}: after them: {next.Status}, {next.Detail}");
    }

    /// <summary>Kills the processes <paramref name="victims"/> picks from the worker's outermost processes (a warm
    /// worker, between two candidates), then checks that the next verdict of a correct answer is Passed (a transparent
    /// retry) or Infrastructure, and that the one after is Passed again.</summary>
    private static async Task AssertKillingBetweenCandidatesIsNotTheCandidates(SandboxLeg leg, Func<IReadOnlyList<int>, IEnumerable<int>> victims)
    {
        await using var sandbox = await SandboxLegs.StartAsync(leg, LegSandboxes.Options);
        Assert.True((await sandbox.VerifyAsync(Candidates.Double(), Candidates.Correct)).Passed);
        var killed = victims(sandbox.WorkerProcessIds).ToList();
        Assert.NotEmpty(killed);
        foreach (var pid in killed)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                await process.WaitForExitAsync();
            }
            catch (ArgumentException)
            {
                // It died with one killed before it.
            }
        }

        var verdict = await sandbox.VerifyAsync(Candidates.Double(), Candidates.Correct);
        Assert.True(verdict.Status is VerdictStatus.Passed or VerdictStatus.Infrastructure, $"{leg}: {verdict.Status}, {verdict.Detail}");
        var after = await sandbox.VerifyAsync(Candidates.Double(), Candidates.Correct);
        Assert.True(after.Passed, $"{leg}: the verdict after: {after.Status}, {after.Detail}");
    }
}
