using System.Threading.Channels;
using Assay.Core;

namespace Assay.Verification;

/// <summary>
/// Scores Python completions against hidden tests (<see cref="PythonTestsCheck"/>) in warm fork servers, one per core by
/// default. In each worker a judge process runs the problem's trusted parts (prompt definitions, tests, <c>check</c>)
/// with proxies for the entry points, and a candidate process forked per request runs prompt + completion and answers
/// the proxies' calls as plain data: the tests never share a process with the candidate (see Sandbox/server.py). Both
/// run in namespaces with seccomp and no capabilities, as root or as any user (unprivileged user namespaces). Where no
/// namespace can be made it refuses to start, unless <see cref="SandboxOptions.UnsafeNoSandbox"/> allows
/// <see cref="Isolation.ProcessOnly"/>.
/// </summary>
public sealed class PythonSandbox : IVerifier, IAsyncDisposable
{
    /// <summary>Attempts per candidate when the sandbox itself fails (a worker dies, a fork fails).</summary>
    internal const int Attempts = 3;
    private static int s_warned;
    private static readonly SandboxRequest s_probe = new("def probe():\n    return [1, 'a', None]\n", "",
        "def check(candidate):\n    assert candidate() == [1, 'a', None]\n", ["probe"], "probe", TimeSpan.FromSeconds(10));
    private readonly SandboxLaunch _launch;
    private readonly SandboxWorker?[] _workers;
    private readonly Channel<SandboxWorker> _idle = Channel.CreateUnbounded<SandboxWorker>();
    private int _disposed;
    private int _live;

    private PythonSandbox(SandboxLaunch launch, int workers)
    {
        _launch = launch;
        _workers = new SandboxWorker?[workers];
        _live = workers;
    }

    /// <summary>How candidates are isolated; recorded in every verdict.</summary>
    public Isolation Isolation => _launch.Mode switch
    {
        SandboxMode.Namespaces => Isolation.Namespaces,
        SandboxMode.NamespacesRlimits => Isolation.NamespacesRlimits,
        _ => Isolation.ProcessOnly,
    };

    /// <summary>Which verifier this is (version, interpreter version, isolation level, hash of its code and limits);
    /// recorded in every verdict as <see cref="Verdict.Verifier"/>.</summary>
    public string Identity { get; private set; } = "";

    /// <summary>Number of workers (candidates run at once).</summary>
    public int Workers => _workers.Length;

    /// <summary>Process ids of the workers' outermost processes, for tests that check nothing survives.</summary>
    internal IReadOnlyList<int> WorkerProcessIds => [.. _workers.Where(w => w is not null).Select(w => w!.ProcessId)];

    /// <summary>The sandbox's private directory.</summary>
    internal string PrivateDirectory => _launch.Directory.FullName;

    /// <summary>The uid of worker 0's candidates as root (worker i: FirstUid + 2i, its judge FirstUid + 2i + 1).</summary>
    internal int FirstUid => _launch.FirstUid;

    /// <summary>Starts the workers. Throws <see cref="SandboxUnavailableException"/> when no namespace can be made and
    /// <see cref="SandboxOptions.UnsafeNoSandbox"/> is not set.</summary>
    public static async Task<PythonSandbox> StartAsync(SandboxOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var launch = await SandboxLaunch.CreateAsync(options, cancellationToken).ConfigureAwait(false);
        var sandbox = new PythonSandbox(launch, options.Workers);
        try
        {
            var first = await StartFirstAsync(launch, options, cancellationToken).ConfigureAwait(false);
            sandbox.Identity = launch.Identity;
            sandbox.Adopt(first);
            var rest = Enumerable.Range(1, options.Workers - 1)
                .Select(i => SandboxWorker.StartAsync(i, launch.StartInfo(), launch.BootstrapInput(i), cancellationToken));
            foreach (var (worker, _) in await Task.WhenAll(rest).ConfigureAwait(false))
            {
                sandbox.Adopt(worker);
            }
        }
        catch
        {
            await sandbox.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return sandbox;
    }

    private static async Task<SandboxWorker> StartFirstAsync(SandboxLaunch launch, SandboxOptions options, CancellationToken cancellationToken)
    {
        var reason = "SandboxOptions.UseNamespaces is false";
        if (options.UseNamespaces)
        {
            if (!OperatingSystem.IsLinux())
            {
                reason = "namespaces need Linux";
            }
            else
            {
                launch.Choose(namespaces: true);
                try
                {
                    var (worker, _) = await SandboxWorker.StartAsync(0, launch.StartInfo(), launch.BootstrapInput(0), cancellationToken).ConfigureAwait(false);
                    // A sandbox that starts but cannot run a trivial correct program (a mount or namespace the machine
                    // refuses per candidate) is no sandbox: say so now, not as a failed verdict per candidate.
                    var probe = await worker.RunAsync(s_probe, cancellationToken).ConfigureAwait(false);
                    if (probe.Status != VerdictStatus.Passed)
                    {
                        await worker.DisposeAsync().ConfigureAwait(false);
                        throw new InvalidOperationException($"a trivial correct program did not pass in the sandbox ({probe.Status}: {probe.Detail})");
                    }

                    if (launch.Mode == SandboxMode.NamespacesRlimits)
                    {
                        Warn(options, $"the Python sandbox bounds memory and CPU per candidate with rlimits only, and candidates may not "
                            + $"start processes (Isolation.NamespacesRlimits): {launch.Downgrade}.");
                    }

                    return worker;
                }
                catch (Exception error) when (error is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
                {
                    reason = error.Message;
                }
            }
        }

        if (!options.UnsafeNoSandbox)
        {
            throw new SandboxUnavailableException(
                $"No sandbox namespace could be made ({reason}). Untrusted code runs only in a sandbox; on a machine without "
                + "unprivileged user namespaces, pass --unsafe-no-sandbox (SandboxOptions.UnsafeNoSandbox) to run it with rlimits only.");
        }

        Warn(options, $"the Python sandbox runs WITHOUT namespaces (Isolation.ProcessOnly): {reason}. "
            + "Candidates are limited by rlimits and a process group only; they can reach the network and "
            + "read what this user can read. Do not run untrusted code this way.");
        launch.Choose(namespaces: false);
        return (await SandboxWorker.StartAsync(0, launch.StartInfo(), launch.BootstrapInput(0), cancellationToken).ConfigureAwait(false)).Worker;
    }

    /// <inheritdoc />
    public async ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(completion);
        if (problem.Check is not PythonTestsCheck check)
        {
            throw new ArgumentException($"Problem {problem.Id} has a {problem.Check.GetType().Name}, not Python tests.", nameof(problem));
        }

        var request = new SandboxRequest(problem.Prompt, completion, check.Test, check.EntryPoints,
            check.CallsCheck ? check.EntryPoint : "", TimeSpan.FromSeconds(check.TimeoutSeconds));
        var (status, elapsed, detail) = await RunAsync(request, cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; status == VerdictStatus.Infrastructure && attempt < Attempts; attempt++)
        {
            (status, elapsed, detail) = await RunAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (status == VerdictStatus.Infrastructure)
        {
            // The sandbox failed every time with this candidate. If it answers a trivial correct program, the failure
            // recurs with the candidate, not the sandbox: the candidate's error, never laundered into "excluded".
            var probe = await RunAsync(s_probe, cancellationToken).ConfigureAwait(false);
            if (probe.Status == VerdictStatus.Passed)
            {
                (status, detail) = (VerdictStatus.Error, $"error: the sandbox failed {Attempts} times with this candidate, and only with it ({detail})");
            }
        }

        var reward = status == VerdictStatus.Passed ? 1.0 : 0.0;
        return new Verdict(status, reward, detail, Isolation, elapsed) { Verifier = Identity };
    }

    private async Task<SandboxResponse> RunAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var worker = await _idle.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var healthy = false;
        try
        {
            // The server enforces the timeout (+1 s grace) itself; this only catches a hung worker.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(request.Timeout + TimeSpan.FromSeconds(30));
            SandboxResponse response;
            try
            {
                response = await worker.RunAsync(request, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Broken($"sandbox worker {worker.Index} did not answer within {request.Timeout + TimeSpan.FromSeconds(30)}");
            }
            catch (IOException error)
            {
                return Broken(error.Message);
            }

            healthy = response.Status != VerdictStatus.Infrastructure;
            return response;
        }
        finally
        {
            if (healthy)
            {
                _idle.Writer.TryWrite(worker);
            }
            else
            {
                await ReplaceAsync(worker).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stops every worker (and so every candidate) and deletes the private directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _idle.Writer.TryComplete();
        SandboxWorker?[] workers;
        lock (_workers)
        {
            workers = [.. _workers];
        }

        foreach (var worker in workers)
        {
            if (worker is not null)
            {
                await worker.DisposeAsync().ConfigureAwait(false);
            }
        }

        _launch.Delete();
    }

    private static SandboxResponse Broken(string detail) => new(VerdictStatus.Infrastructure, TimeSpan.Zero, detail);

    private void Adopt(SandboxWorker worker)
    {
        lock (_workers)
        {
            _workers[worker.Index] = worker;
        }

        _idle.Writer.TryWrite(worker);
    }

    private async Task ReplaceAsync(SandboxWorker worker)
    {
        await worker.DisposeAsync().ConfigureAwait(false);
        SandboxWorker? replacement = null;
        string failure = "";
        for (var attempt = 0; replacement is null && attempt < Attempts; attempt++)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            try
            {
                (replacement, _) = await SandboxWorker.StartAsync(worker.Index, _launch.StartInfo(), _launch.BootstrapInput(worker.Index), CancellationToken.None).ConfigureAwait(false);
            }
            catch (InvalidOperationException error)
            {
                failure = error.Message;
                await Task.Delay(TimeSpan.FromMilliseconds(200 << attempt)).ConfigureAwait(false);
            }
        }

        if (replacement is null)
        {
            // This slot is gone. When no worker is left, every waiting and later request fails with the reason
            // (an infrastructure failure to its caller) instead of waiting for a worker that will never come.
            if (Interlocked.Decrement(ref _live) == 0)
            {
                _idle.Writer.TryComplete(new InvalidOperationException($"the Python sandbox has no worker left: {failure}"));
            }

            return;
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            await replacement.DisposeAsync().ConfigureAwait(false);
            return;
        }

        Adopt(replacement);
    }

    private static void Warn(SandboxOptions options, string message)
    {
        if (options.Warn is not null)
        {
            options.Warn(message);
        }
        else if (Interlocked.Exchange(ref s_warned, 1) == 0)
        {
            Console.Error.WriteLine(message);
        }
    }
}
