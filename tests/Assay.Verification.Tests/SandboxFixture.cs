namespace Assay.Verification.Tests;

/// <summary>One real namespaced sandbox with a single worker, so attack tests run one after another on
/// the same worker and can check that it survived them.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public List<string> Warnings { get; } = [];

    public PythonSandbox Sandbox { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sandbox = await PythonSandbox.StartAsync(new SandboxOptions
        {
            Workers = 1,
            MemoryBytes = 512L << 20,
            Warn = Warnings.Add,
        });
    }

    public async Task DisposeAsync() => await Sandbox.DisposeAsync();
}
