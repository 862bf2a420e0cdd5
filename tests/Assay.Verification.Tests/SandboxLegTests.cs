using Assay.Core;

namespace Assay.Verification.Tests;

/// <summary>The unprivileged leg is what it says: every process of its workers runs as <see cref="SandboxLegs.User"/>,
/// none as root, and its verdicts still come from namespaces (with or without cgroups), never from no sandbox.</summary>
[Collection(LegSandboxesDefinition.Name)]
public sealed class SandboxLegTests(LegSandboxes sandboxes)
{
    [Theory, AsUnprivilegedUser]
    public async Task Unprivileged_leg_runs_every_worker_process_as_the_test_user_in_namespaces(SandboxLeg leg)
    {
        var sandbox = await sandboxes.For(leg);
        var verdict = await sandbox.VerifyAsync(Candidates.Double(), Candidates.Correct);
        var uid = int.Parse(File.ReadLines("/etc/passwd").Select(l => l.Split(':')).Single(f => f[0] == SandboxLegs.User)[2]);
        var workers = sandbox.WorkerProcessIds;
        var processes = workers.Concat(Candidates.ProcessesDescendingFrom(workers)).ToList();

        Assert.True(verdict.Passed, $"{verdict.Status}, {verdict.Detail}");
        Assert.Contains(verdict.Isolation, new[] { Isolation.Namespaces, Isolation.NamespacesRlimits });
        Assert.All(processes, pid => Assert.Equal(uid, RealUid(pid)));
    }

    private static int RealUid(int pid) =>
        int.Parse(File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("Uid:")).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]);
}
