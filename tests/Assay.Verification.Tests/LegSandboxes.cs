using Assay.Core;

namespace Assay.Verification.Tests;

/// <summary>One sandbox per <see cref="SandboxLeg"/>, started on first use and shared by the tests of
/// <see cref="LegSandboxesDefinition"/>. One worker each, so consecutive candidates of a leg run on the same worker and
/// a test can check what one candidate left for the next; 512 MiB per candidate.</summary>
public sealed class LegSandboxes : IAsyncLifetime
{
    /// <summary>The options every shared sandbox starts with (then adapted to its leg).</summary>
    public static readonly SandboxOptions Options = new() { Workers = 1, MemoryBytes = 512L << 20 };

    private readonly Dictionary<SandboxLeg, Task<PythonSandbox>> _started = [];

    /// <summary>The sandbox of <paramref name="leg"/>, started if this is the first call.</summary>
    public Task<PythonSandbox> For(SandboxLeg leg)
    {
        lock (_started)
        {
            if (!_started.TryGetValue(leg, out var sandbox))
            {
                _started[leg] = sandbox = SandboxLegs.StartAsync(leg, Options);
            }

            return sandbox;
        }
    }

    /// <summary>Verifies <paramref name="completion"/> for <paramref name="problem"/> in the sandbox of <paramref name="leg"/>.</summary>
    public async Task<Verdict> VerifyAsync(SandboxLeg leg, Problem problem, string completion)
    {
        var sandbox = await For(leg);
        return await sandbox.VerifyAsync(problem, completion);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var started in _started.Values)
        {
            if (started.IsCompletedSuccessfully)
            {
                await (await started).DisposeAsync();
            }
        }
    }
}
