using Assay.Core;

namespace Assay.Verification.Tests;

/// <summary>Memory is bounded per candidate, not per process: four processes of 400 MiB each (each below the 512 MiB
/// a process may map) must not all be held at once under a 512 MiB candidate, and none of them outlives the verdict.</summary>
[Collection(LegSandboxesDefinition.Name)]
public sealed class MemoryLimitTests(LegSandboxes sandboxes)
{
    [Theory, AsRoot, AsUnprivilegedUser]
    public async Task Four_processes_of_400_MiB_do_not_fit_in_a_512_MiB_candidate(SandboxLeg leg)
    {
        Assert.Equal(512L << 20, LegSandboxes.Options.MemoryBytes);
        var marker = Probe.Marker();
        // The probe passes when all four hold their memory at the same time. Where the sandbox lets it start no
        // process, it tries four threads instead.
        var verdict = await sandboxes.VerifyAsync(leg, Probe.Returning("'all four held 400 MiB at once'", timeoutSeconds: 10), $$"""
                import subprocess
                import sys
                import threading
                hog = "import time\nheld = b'x' * (400 << 20)\nprint('held', flush=True)\ntime.sleep(30)\n"
                try:
                    children = [subprocess.Popen([sys.executable, "-c", hog, "{{marker}}"], stdout=subprocess.PIPE) for _ in range(4)]
                    held = sum(1 for child in children if child.stdout.readline().strip() == b"held")
                except OSError:
                    hoards = []

                    def hoard():
                        try:
                            hoards.append(b"x" * (400 << 20))
                        except MemoryError:
                            pass

                    threads = [threading.Thread(target=hoard) for _ in range(4)]
                    for thread in threads:
                        thread.start()
                    for thread in threads:
                        thread.join()
                    held = len(hoards)
                return "all four held 400 MiB at once" if held == 4 else "%d of 4 held 400 MiB" % held

            """);
        Assert.False(verdict.Status is VerdictStatus.Passed or VerdictStatus.Infrastructure, $"{leg}: {verdict.Status}, {verdict.Detail}");
        Assert.Empty(Candidates.ProcessesMentioning(marker));
    }
}
