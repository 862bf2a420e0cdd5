using Assay.Core;

namespace Assay.Verification.Tests;

/// <summary>A normal user to whom root handed a cgroup subtree (<c>assay sandbox setup</c>) gets the full isolation
/// level, with memory bounded per candidate however many processes it runs. Uses its own user
/// (<c>assay-sandbox-setup</c>, made by .ci/install), so the other unprivileged tests keep the rlimits level.</summary>
public sealed class DelegatedCgroupTests
{
    private const string User = "assay-sandbox-setup";

    [RootFact]
    public async Task A_user_with_a_delegated_subtree_gets_per_candidate_memory_limits_across_processes()
    {
        var bases = SandboxCgroupSetup.Delegate(User);
        try
        {
            await using var sandbox = await PythonSandbox.StartAsync(new SandboxOptions
            {
                Workers = 1,
                RunAsUser = User,
                Python = "/usr/bin/python3",
                MemoryBytes = 512L << 20,
            });
            Assert.Equal(Isolation.Namespaces, sandbox.Isolation);
            Assert.Equal(VerdictStatus.Passed, (await sandbox.VerifyAsync(Candidates.Double(), Candidates.Correct)).Status);

            // Four processes of 200 MiB each: within every process's own address-space limit, past the candidate's 512 MiB.
            var hog = await sandbox.VerifyAsync(Candidates.Double(timeoutSeconds: 10), """
                    import os, time
                    children = []
                    for _ in range(3):
                        pid = os.fork()
                        if pid == 0:
                            block = bytearray(200 << 20)
                            time.sleep(5)
                            os._exit(0)
                        children.append(pid)
                    block = bytearray(200 << 20)
                    time.sleep(0.5)
                    alive = sum(1 for pid in children if os.waitpid(pid, os.WNOHANG) == (0, 0))
                    return 2 * x if alive == 3 else alive

                """);
            Assert.NotEqual(VerdictStatus.Passed, hog.Status);
            Assert.NotEqual(VerdictStatus.Infrastructure, hog.Status);
            Assert.Equal(VerdictStatus.Passed, (await sandbox.VerifyAsync(Candidates.Double(), Candidates.Correct)).Status);
        }
        finally
        {
            foreach (var directory in bases)
            {
                foreach (var leaf in Directory.GetDirectories(directory))
                {
                    Directory.Delete(leaf);
                }

                Directory.Delete(directory);
            }
        }
    }
}
