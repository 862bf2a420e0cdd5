using Assay.Core;

namespace Assay.Verification.Tests;

public sealed class SandboxLifecycleTests
{
    [Fact]
    public async Task Dispose_leaves_no_worker_or_candidate_process()
    {
        var sandbox = await PythonSandbox.StartAsync(new SandboxOptions { Workers = 2 });
        var marker = sandbox.PrivateDirectory;
        var workers = sandbox.WorkerProcessIds;
        var verdict = await sandbox.VerifyAsync(Candidates.Double(), "    import time\n    time.sleep(30)\n");
        Assert.Equal(VerdictStatus.Timeout, verdict.Status);
        Assert.NotEmpty(Candidates.ProcessesDescendingFrom(workers));

        var slow = sandbox.VerifyAsync(Candidates.Double(timeoutSeconds: 20), "    import time\n    time.sleep(30)\n").AsTask();
        await Task.Delay(300);
        await sandbox.DisposeAsync();

        Assert.Empty(Candidates.ProcessesDescendingFrom(workers));
        Assert.Empty(Candidates.ProcessesOfUids(sandbox.FirstUid, 4));
        Assert.False(Directory.Exists(marker));
        await Task.WhenAny(slow, Task.Delay(5000));
        Assert.True(slow.IsCompleted);
    }

    [Fact]
    public async Task Starting_removes_what_a_killed_process_s_sandbox_left_behind_and_nothing_of_a_live_one()
    {
        // A pid that has just exited: its owner is certainly gone.
        using var gone = System.Diagnostics.Process.Start("true");
        await gone.WaitForExitAsync();
        var dead = gone.Id;
        var deadDirectory = Directory.CreateTempSubdirectory(SandboxLaunch.OwnedPrefix("assay-sandbox", dead));
        File.WriteAllText(Path.Combine(deadDirectory.FullName, "run-0"), "# left by a SIGKILL");
        Directory.CreateDirectory(Path.Combine(deadDirectory.FullName, "root-0"));
        var liveDirectory = Directory.CreateTempSubdirectory(SandboxLaunch.OwnedPrefix("assay-sandbox", Environment.ProcessId));
        var cgroups = SandboxCgroups.Bases(null)[0];
        var useCgroups = Environment.IsPrivilegedProcess && Directory.Exists(Path.GetDirectoryName(cgroups));
        var deadCgroup = Path.Combine(cgroups, SandboxLaunch.OwnedPrefix("0badc0ffee00", dead) + "w0");
        var liveCgroup = Path.Combine(cgroups, SandboxLaunch.OwnedPrefix("0badc0ffee01", Environment.ProcessId) + "w0");
        if (useCgroups)
        {
            Directory.CreateDirectory(cgroups);
            Directory.CreateDirectory(deadCgroup);
            Directory.CreateDirectory(liveCgroup);
        }

        try
        {
            await using var sandbox = await PythonSandbox.StartAsync(new SandboxOptions { Workers = 1 });

            Assert.False(Directory.Exists(deadDirectory.FullName), $"{deadDirectory.FullName} survived");
            Assert.True(Directory.Exists(liveDirectory.FullName));
            if (useCgroups)
            {
                Assert.False(Directory.Exists(deadCgroup), $"{deadCgroup} survived");
                Assert.True(Directory.Exists(liveCgroup));
            }
        }
        finally
        {
            liveDirectory.Delete(recursive: true);
            if (useCgroups && Directory.Exists(liveCgroup))
            {
                Directory.Delete(liveCgroup);
            }
        }
    }

    [Fact]
    public async Task Without_namespaces_it_still_runs_records_process_only_and_warns_once()
    {
        var warnings = new List<string>();
        await using var sandbox = await PythonSandbox.StartAsync(new SandboxOptions { Workers = 2, UseNamespaces = false, UnsafeNoSandbox = true, Warn = warnings.Add });
        var correct = await sandbox.VerifyAsync(Candidates.Double(), Candidates.Correct);
        var wrong = await sandbox.VerifyAsync(Candidates.Double(), Candidates.Wrong);

        Assert.Equal(Isolation.ProcessOnly, sandbox.Isolation);
        Assert.Equal((VerdictStatus.Passed, Isolation.ProcessOnly), (correct.Status, correct.Isolation));
        Assert.Equal((VerdictStatus.Failed, Isolation.ProcessOnly), (wrong.Status, wrong.Isolation));
        var warning = Assert.Single(warnings);
        Assert.Contains("WITHOUT namespaces", warning);
    }

    [Fact]
    public async Task Work_directory_starts_empty_for_every_candidate()
    {
        await using var sandbox = await PythonSandbox.StartAsync(new SandboxOptions { Workers = 1 });
        var writer = "    open('left-behind.txt', 'w').write('x')\n    return 2 * x\n";
        var reader = "    import os\n    return 2 * x if os.listdir('.') == [] else os.listdir('.')\n";
        Assert.Equal(VerdictStatus.Passed, (await sandbox.VerifyAsync(Candidates.Double(), writer)).Status);
        Assert.Equal(VerdictStatus.Passed, (await sandbox.VerifyAsync(Candidates.Double(), reader)).Status);
    }

    [Fact]
    public async Task Concurrent_verifications_use_every_worker_and_all_get_their_own_verdict()
    {
        await using var sandbox = await PythonSandbox.StartAsync(new SandboxOptions { Workers = 2 });
        var tasks = Enumerable.Range(0, 40)
            .Select(i => sandbox.VerifyAsync(Candidates.Double(), i % 2 == 0 ? Candidates.Correct : Candidates.Wrong).AsTask())
            .ToArray();
        var verdicts = await Task.WhenAll(tasks);
        for (var i = 0; i < verdicts.Length; i++)
        {
            Assert.Equal(i % 2 == 0 ? VerdictStatus.Passed : VerdictStatus.Failed, verdicts[i].Status);
        }
    }

    [Fact]
    public async Task A_non_code_problem_is_refused_with_its_id()
    {
        await using var sandbox = await PythonSandbox.StartAsync(new SandboxOptions { Workers = 1 });
        var problem = new Problem("arith/1", "arith", "1+1", new ExactAnswerCheck("2"));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => sandbox.VerifyAsync(problem, "2").AsTask());
        Assert.Contains("arith/1", error.Message);
    }


    [Fact]
    public async Task Refusing_to_run_without_a_sandbox_unless_told_it_is_unsafe()
    {
        var error = await Assert.ThrowsAsync<SandboxUnavailableException>(() => PythonSandbox.StartAsync(new SandboxOptions { Workers = 1, UseNamespaces = false }));
        Assert.Contains("--unsafe-no-sandbox", error.Message);
    }
}
